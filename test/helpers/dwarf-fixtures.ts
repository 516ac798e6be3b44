/**
 * Builds test/fixtures/dwarf/typed.c in the ways debug info reaches users, into a fresh temporary
 * folder: `plain` (-g, DWARF 5), `dwarf4` (-gdwarf-4), `zlib` (-gz=zlib: SHF_COMPRESSED sections),
 * `nodebug` (no -g), `linked` (debug info moved to `linked.debug`, found through .gnu_debuglink) and
 * `byId` (debug info moved under `debugRoot/.build-id/xx/yyyy.debug`, found by build id when
 * `debugRoot` is a --debuginfo directory), and `typeUnits4` / `typeUnits5` (-fdebug-types-section).
 */
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, renameSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { ROOT } from "./run-ebt.js";

export const DWARF_FIXTURE_SRC = path.join(ROOT, "test/fixtures/dwarf/typed.c");

export interface DwarfFixtures {
  dir: string;
  plain: string;
  /** typed.c and other.c: two compilation units. */
  twoUnits: string;
  dwarf4: string;
  zlib: string;
  nodebug: string;
  linked: string;
  byId: string;
  debugRoot: string;
  dwo: string;
  dwp: string;
  /** Types in type units (-fdebug-types-section): DWARF 4's .debug_types, DWARF 5's type units. */
  typeUnits4: string;
  typeUnits5: string;
  cleanup(): void;
}

export function buildDwarfFixtures(): DwarfFixtures {
  const dir = mkdtempSync(path.join(tmpdir(), "ebt-dwarf-"));
  const run = (cmd: string, ...args: string[]) => execFileSync(cmd, args, { cwd: dir, stdio: ["ignore", "ignore", "inherit"] });
  const at = (f: string) => path.join(dir, f);
  run("gcc", "-g", "-O0", "-o", "plain", DWARF_FIXTURE_SRC);
  run("gcc", "-g", "-O0", "-o", "twoUnits", DWARF_FIXTURE_SRC, path.join(ROOT, "test/fixtures/dwarf/other.c"));
  run("gcc", "-gdwarf-4", "-O0", "-o", "dwarf4", DWARF_FIXTURE_SRC);
  run("gcc", "-g", "-gz=zlib", "-O0", "-o", "zlib", DWARF_FIXTURE_SRC);
  run("gcc", "-O0", "-o", "nodebug", DWARF_FIXTURE_SRC);
  run("gcc", "-gdwarf-4", "-fdebug-types-section", "-O0", "-o", "typeUnits4", DWARF_FIXTURE_SRC);
  run("gcc", "-gdwarf-5", "-fdebug-types-section", "-O0", "-o", "typeUnits5", DWARF_FIXTURE_SRC);

  run("gcc", "-g", "-O0", "-o", "linked", DWARF_FIXTURE_SRC);
  run("objcopy", "--only-keep-debug", "linked", "linked.debug");
  run("objcopy", "--strip-debug", "--add-gnu-debuglink=linked.debug", "linked");

  // A different build (its own build id: -DBY_ID changes nothing but the id's input) whose debug file
  // lives only under debugRoot.
  run("gcc", "-g", "-O0", "-DBY_ID", "-o", "byId", DWARF_FIXTURE_SRC);
  const id = execFileSync("readelf", ["-n", at("byId")], { encoding: "utf8" }).match(/Build ID: ([0-9a-f]+)/)![1]!;
  const debugRoot = at("debug-root");
  mkdirSync(path.join(debugRoot, ".build-id", id.slice(0, 2)), { recursive: true });
  run("objcopy", "--only-keep-debug", "byId", "byId.tmp");
  run("objcopy", "--strip-debug", "byId");
  renameSync(at("byId.tmp"), path.join(debugRoot, ".build-id", id.slice(0, 2), `${id.slice(2)}.debug`));

  for (const sub of ["split-dwo", "split-dwp"]) mkdirSync(at(sub));
  const inSub = (sub: string, cmd: string, ...args: string[]) => execFileSync(cmd, args, { cwd: at(sub), stdio: ["ignore", "ignore", "inherit"] });
  inSub("split-dwo", "gcc", "-g", "-O0", "-gsplit-dwarf", "-o", "dwo", DWARF_FIXTURE_SRC);
  // DWARF 4 (GNU split DWARF) here: llvm-dwp 14 hangs packing this program's DWARF 5 .dwo.
  inSub("split-dwp", "gcc", "-gdwarf-4", "-O0", "-gsplit-dwarf", "-o", "dwp", DWARF_FIXTURE_SRC);
  inSub("split-dwp", "llvm-dwp", "-e", "dwp", "-o", "dwp.dwp");
  for (const f of readdirSync(at("split-dwp"))) if (f.endsWith(".dwo")) rmSync(path.join(at("split-dwp"), f));

  return {
    dir, twoUnits: at("twoUnits"), dwo: at("split-dwo/dwo"), dwp: at("split-dwp/dwp"), plain: at("plain"), dwarf4: at("dwarf4"), zlib: at("zlib"), nodebug: at("nodebug"), linked: at("linked"),
    byId: at("byId"), debugRoot, typeUnits4: at("typeUnits4"), typeUnits5: at("typeUnits5"),
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}
