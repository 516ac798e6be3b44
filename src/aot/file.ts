/**
 * The file `ebt --aot FILE` writes: an executable that runs the compiled program, with no compile
 * step. It is a short Node script (`#!/usr/bin/env node`) that hands itself to ebt's runtime (the
 * ebt that compiled it, or `ebt` on PATH) followed by the payload: the plan, its sources and the
 * facts it depends on, as gzipped JSON in base64 inside a comment. As bpftrace's AOT binaries are
 * tied to the bpftrace that made them, the payload names the ebt version and format it needs.
 */
import { chmodSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { gunzipSync, gzipSync } from "node:zlib";
import type { Fact } from "./facts.js";
import { RUN_AOT_FLAG } from "./flag.js";

/** Changes whenever the payload's layout does. */
export const AOT_FORMAT = 1;


export interface AotPayload {
  format: number;
  /** The ebt version that compiled it: only the same version runs it. */
  ebt: string;
  /** The plan, as aot/serialize.ts writes it. */
  plan: string;
  /** The program's source files, for messages that show a source line. */
  sources: [string, string][];
  facts: Fact[];
}

const BEGIN = "/*EBT-AOT-PAYLOAD";
const END = "EBT-AOT-PAYLOAD*/";

/** Spelled apart: the bundler rewrites that keyword followed by "(" wherever it appears in ebt's own code. */
const IMPORT = ["im", "port"].join("");

/** The script part: finds ebt's runtime and runs it on this file with the file's arguments. */
function launcher(runtime: string, version: string): string {
  return `#!/usr/bin/env node
// A program compiled ahead of time by ebt v${version} (ebt --aot). Run it as
//   ./FILE [-f text|json] [-o OUTPUT] [-q] [-- --OPTION=VALUE ...]
// It runs on ebt v${version}'s runtime (the ebt that compiled it, or \`ebt\` on PATH); nothing is compiled.
const runtimes = [${JSON.stringify(runtime)}, ...(process.env.PATH ?? "").split(":").filter(Boolean).map((d) => d + "/ebt")];
${IMPORT}("node:fs").then(async ({ existsSync, realpathSync }) => {
  const found = runtimes.find((f) => existsSync(f));
  if (!found) {
    process.stderr.write("ERROR: ebt v${version} is needed to run this program: it is not at " + runtimes[0] + " nor on PATH\\n");
    process.exit(1);
  }
  process.argv.splice(2, 0, ${JSON.stringify(RUN_AOT_FLAG)}, process.argv[1]);
  const { pathToFileURL } = await ${IMPORT}("node:url");
  await ${IMPORT}(pathToFileURL(realpathSync(found)).href);
});
`;
}

/**
 * Writes the executable to `path` (beside it first, then renamed over it, so a failure leaves no
 * half-written program). Throws the file system's error.
 */
export function writeAotFile(path: string, payload: AotPayload, runtime: string): void {
  const data = gzipSync(Buffer.from(JSON.stringify(payload))).toString("base64");
  const lines = data.match(/.{1,76}/g) ?? [];
  const text = `${launcher(runtime, payload.ebt)}${BEGIN}\n${lines.join("\n")}\n${END}\n`;
  const temp = `${path}.${process.pid}.tmp`;
  try {
    writeFileSync(temp, text, { mode: 0o755 });
    chmodSync(temp, 0o755);
    renameSync(temp, path);
  } catch (e) {
    rmSync(temp, { force: true });
    throw e;
  }
}

/** The payload of the file at `path`, or why it has none this ebt can run. */
export function readAotFile(path: string, version: string): AotPayload | { error: string } {
  let text: string;
  try {
    text = readFileSync(path, "latin1");
  } catch (e) {
    return { error: `Failed to open: ${path}: ${(e as Error).message}` };
  }
  const begin = text.indexOf(`\n${BEGIN}\n`);
  const end = text.indexOf(`\n${END}`, begin + 1);
  if (begin < 0 || end < 0) return { error: `${path} holds no program compiled ahead of time by ebt` };
  let payload: AotPayload;
  try {
    const data = text.slice(begin + BEGIN.length + 2, end).replace(/\n/g, "");
    payload = JSON.parse(gunzipSync(Buffer.from(data, "base64")).toString("utf8")) as AotPayload;
  } catch {
    return { error: `Corrupted ahead-of-time compiled program: ${path}` };
  }
  if (payload.format !== AOT_FORMAT || payload.ebt !== version) {
    return { error: `${path} was compiled by ebt v${payload.ebt}; this is ebt v${version}: compile it again with this ebt's --aot` };
  }
  return payload;
}
