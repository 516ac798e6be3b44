/**
 * Golden tests: source → annotated disassembly, exactly as `ebt -d` prints it. Each case is one
 * small idea (`test/golden/asm/<name>.ebt` beside `<name>.asm`). A mismatch shows the diff; after
 * reviewing a deliberate codegen change, `npm run golden:update` rewrites the .asm files.
 * A live test (test/live/verifier.live.test.ts) loads every one of these programs into the kernel,
 * so a golden file can never pin code the verifier rejects.
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { compileGolden, GOLDEN_DIR } from "./compile-golden.js";

const cases = readdirSync(GOLDEN_DIR).filter((f) => f.endsWith(".ebt"));

describe("golden disassembly", () => {
  it("has cases", () => expect(cases.length).toBeGreaterThan(0));
  for (const file of cases) {
    it(file, () => {
      const actual = compileGolden(file).text;
      const expectedPath = path.join(GOLDEN_DIR, file.replace(/\.ebt$/, ".asm"));
      if (process.env.EBT_UPDATE_GOLDEN || !existsSync(expectedPath)) writeFileSync(expectedPath, actual);
      expect(actual).toBe(readFileSync(expectedPath, "utf8"));
    });
  }
});
