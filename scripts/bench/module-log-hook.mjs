// A module loader hook (node --import) that appends the URL of every module Node loads to the file
// named by EBT_MODULE_LOG. The bench and the start-up regression test use it to count what a run
// loads, without timing anything.
import { register } from "node:module";

const log = process.env.EBT_MODULE_LOG;
if (log) {
  register("data:text/javascript," + encodeURIComponent(`
    import { appendFileSync } from "node:fs";
    export async function load(url, context, next) {
      appendFileSync(${JSON.stringify(log)}, url + "\\n");
      return next(url, context);
    }`));
}
