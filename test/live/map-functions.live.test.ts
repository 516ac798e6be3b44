/** delete, clear, zero and print of maps, against what bpftrace printed for the same program (0.17;
 * clear() of a count map empties it, as current bpftrace does; an empty map is a blank line). */
import { describe, expect, it } from "vitest";
import { runEbt } from "../helpers/run-ebt.js";

describe("map functions", () => {
  it("delete, clear, zero and print(@m, top, div) behave and print as in bpftrace", async () => {
    const program = `BEGIN {
      @a[1] = 1; @a[2] = 2; @a[3] = 3; delete(@a[2]);
      @b = count(); @b = count(); clear(@b);
      @c[1] = 5; @c[2] = 7; print(@c); print(@c, 1); print(@c, 0, 2);
      @d = count(); zero(@d);
      @e["x"] = sum(3); zero(@e);
      exit();
    }`;
    const r = await runEbt(["-e", program]);
    expect(r.stdout).toBe(
      "@c[1]: 5\n@c[2]: 7\n@c[2]: 7\n@c[1]: 2\n@c[2]: 3\n\n\n@a[1]: 1\n@a[3]: 3\n\n@c[1]: 5\n@c[2]: 7\n@d: 0\n@e[x]: 0\n",
    );
    expect(r.code).toBe(0);
  });

  it("delete(@m, key) is current bpftrace's spelling of delete(@m[key])", async () => {
    const r = await runEbt(["-e", 'BEGIN { @m["a", 1] = 1; @m["b", 2] = 2; delete(@m, ("a", 1)); exit(); }']);
    expect(r.stdout).toBe("\n\n@m[b, 2]: 2\n");
  });
});
