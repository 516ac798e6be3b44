// tsc writes dist/cli/main.js without the execute bit; `npm link` adds it, but running the built file
// directly (`./dist/cli/main.js`, or as bpftrace's test runner does with a path) needs it too.
import { chmodSync } from "node:fs";
chmodSync(new URL("../dist/cli/main.js", import.meta.url), 0o755);
