/** Compiles a golden case with the fixture kernel and renders it as `ebt -d` does. */
import { readFileSync } from "node:fs";
import path from "node:path";
import { compile } from "../../src/compile.js";
import type { Plan } from "../../src/plan/plan.js";
import { formatDisassembly } from "../../src/plan/disassembly.js";
import { renderDiagnostic } from "../../src/diagnostics/render.js";
import { FakeKernel } from "../helpers/fake-kernel.js";
import { ROOT } from "../helpers/run-ebt.js";

export const GOLDEN_DIR = path.join(ROOT, "test/golden/asm");

export function compileGolden(file: string): { text: string; plan?: Plan } {
  const source = readFileSync(path.join(GOLDEN_DIR, file), "utf8");
  const r = compile(source, file, new FakeKernel());
  const errors = r.diagnostics.items.map((d) => renderDiagnostic(d, r.sources)).join("");
  if (!r.plan) return { text: errors };
  return { text: errors + formatDisassembly(r.plan, r.sources), plan: r.plan };
}
