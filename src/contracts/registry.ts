/**
 * The builtins and probe types one compilation knows, found by name. compile.ts builds it (from
 * builtins/ and providers/) and passes it to the passes that need it, so the checker and code
 * generator depend on this interface rather than on the folders that implement it.
 */
import type { Builtin } from "./builtin.js";
import type { Provider } from "./provider.js";

export interface Registry {
  /** The builtin variable, function or aggregation `name` denotes (`arg3` matches the argN family). */
  builtin(name: string): Builtin | undefined;
  /** The probe type called `name` or one of its aliases. */
  provider(name: string): Provider | undefined;
  readonly builtins: readonly Builtin[];
  readonly providers: readonly Provider[];
}
