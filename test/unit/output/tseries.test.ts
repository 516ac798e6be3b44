import { describe, expect, it } from "vitest";
import { buildSeries, formatTimeSeries, jsonTimeSeries, reduceSlots } from "../../../src/runtime/output/tseries.js";
import type { TimeSeriesLayout } from "../../../src/semantic/types.js";

/** One CPU's copy of a key's slots: [value, meta, epoch + 1] per slot. */
function cpu(...slots: [bigint, bigint, bigint][]): Buffer {
  const b = Buffer.alloc(24 * slots.length);
  slots.forEach(([v, m, e], i) => {
    b.writeBigInt64LE(v, i * 24);
    b.writeBigUInt64LE(m, i * 24 + 8);
    b.writeBigUInt64LE(e, i * 24 + 16);
  });
  return b;
}

const layout = (fn: TimeSeriesLayout["fn"], intervals = 2): TimeSeriesLayout => ({ intervalNs: 1_000_000_000n, intervals, fn });

describe("tseries slots", () => {
  it("keeps the value written last across CPUs, from the latest epoch only", () => {
    const a = cpu([5n, 100n, 8n], [0n, 0n, 0n]);
    const b = cpu([7n, 90n, 8n], [0n, 0n, 0n]);
    const c = cpu([9n, 500n, 6n], [0n, 0n, 0n]); // an older epoch in the same slot
    expect(reduceSlots([a, b, c], layout("last"), true)).toEqual(new Map([[7n, 5n]]));
  });

  it("averages the sums and counts of every CPU", () => {
    const a = cpu([10n, 2n, 4n], [-6n, 3n, 5n]);
    const b = cpu([5n, 1n, 4n], [0n, 0n, 0n]);
    expect(reduceSlots([a, b], layout("avg"), true)).toEqual(
      new Map([
        [3n, 5n],
        [4n, -2n],
      ]),
    );
  });

  it("reads a slot only ever written at epoch 0 as 0 at epoch 0, as bpftrace does", () => {
    expect(reduceSlots([cpu([42n, 1n, 1n], [0n, 0n, 0n])], layout("last"), false)).toEqual(new Map([[0n, 0n]]));
  });

  it("shows every key over the same window, from its first value in it", () => {
    const [x, y] = buildSeries(
      [
        new Map([
          [10n, 1n],
          [12n, 3n],
        ]),
        new Map([[11n, 2n]]),
      ],
      layout("last", 3),
    );
    expect(x!.points.map((p) => [p.start / 1_000_000_000n, p.value])).toEqual([
      [10n, 1n],
      [11n, undefined],
      [12n, 3n],
    ]);
    expect(y!.points.map((p) => p.value)).toEqual([2n, undefined]);
    expect(jsonTimeSeries(x!)).toBe('[{"interval_start":"1970-01-01 00:00:10.000000000","value":1},{"interval_start":"1970-01-01 00:00:12.000000000","value":3}]');
  });

  it("prints <no data> for a key without intervals in the window", () => {
    expect(formatTimeSeries({ kind: "tseries", points: [] }, true)).toBe("<no data>\n");
  });
});
