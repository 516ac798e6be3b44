/** The hidden first argument with which an executable `ebt --aot` made hands itself to ebt
 * (aot/file.ts writes it, cli/args.ts reads it). Its own module: the CLI's start loads nothing more. */
export const RUN_AOT_FLAG = "--run-aot";
