/**
 * The README's way to get `ebt` on the PATH, as a user does it from the checkout: `npm link` (here
 * into a throwaway npm prefix, so the machine's global folder is untouched), then `ebt` runs from
 * any directory, as `npx ebt` only does inside the checkout.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect, it } from "vitest";
import { ROOT } from "../helpers/run-ebt.js";

it("npm link puts ebt on the PATH: it runs from another directory", () => {
  const prefix = mkdtempSync(path.join(os.tmpdir(), "ebt-prefix-"));
  const elsewhere = mkdtempSync(path.join(os.tmpdir(), "ebt-elsewhere-"));
  try {
    const env = { ...process.env, npm_config_prefix: prefix, npm_config_audit: "false", npm_config_fund: "false" };
    // --ignore-scripts: the checkout is built already; linking must not build it again.
    const link = spawnSync("npm", ["link", "--ignore-scripts"], { cwd: ROOT, env, encoding: "utf8" });
    expect(link.status, link.stderr).toBe(0);
    const run = spawnSync("ebt", ["-e", 'BEGIN { printf("from %s\\n", "anywhere"); exit(); }'], {
      cwd: elsewhere,
      env: { ...process.env, PATH: `${path.join(prefix, "bin")}:${process.env.PATH}` },
      encoding: "utf8",
    });
    expect(run.stderr).toBe("Attached 1 probe\n");
    expect(run.stdout).toBe("from anywhere\n\n\n");
    expect(run.status).toBe(0);
  } finally {
    rmSync(prefix, { recursive: true, force: true });
    rmSync(elsewhere, { recursive: true, force: true });
  }
}, 120_000);
