import { describe, expect, it } from "vitest";
import { metricsUrl, parseListenAddress } from "../../../src/export/prometheus-exporter.js";

describe("--export prometheus=ADDR:PORT", () => {
  it("reads IPv4, host names, bracketed IPv6 and a bare :PORT (every address)", () => {
    expect(parseListenAddress("127.0.0.1:9435")).toEqual({ host: "127.0.0.1", port: 9435 });
    expect(parseListenAddress("node-1.local:80")).toEqual({ host: "node-1.local", port: 80 });
    expect(parseListenAddress("[::1]:9435")).toEqual({ host: "::1", port: 9435 });
    expect(parseListenAddress(":9435")).toEqual({ host: "0.0.0.0", port: 9435 });
    expect(parseListenAddress("0.0.0.0:0")).toEqual({ host: "0.0.0.0", port: 0 });
  });

  it("refuses what is not ADDR:PORT", () => {
    for (const bad of ["localhost", "1.2.3.4", "::1:9435", "1.2.3.4:65536", "1.2.3.4:x", ""]) expect(parseListenAddress(bad), bad).toBeUndefined();
  });

  it("prints the URL to scrape", () => {
    expect(metricsUrl({ address: "10.0.0.2", port: 9435, family: "IPv4" })).toBe("http://10.0.0.2:9435/metrics");
    expect(metricsUrl({ address: "::1", port: 80, family: "IPv6" })).toBe("http://[::1]:80/metrics");
  });
});
