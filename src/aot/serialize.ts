/**
 * A plan as bytes and back (`ebt --aot`): the compiled programs, maps, record layouts and options,
 * with what is shared or refers to itself (a struct type whose field points to it) kept so.
 * Probe types and record types are code, not data: they are written by name and found again in
 * this ebt's registries. Anything else that is not plain data (a function, an object of another
 * class) cannot be written honestly: it is an error naming where it is, when compiling.
 */
import { SourceMap } from "../diagnostics/span.js";
import { PROVIDERS } from "../providers/index.js";
import { recordTypeByKind } from "../plan/records.js";
import type { RecordType } from "../plan/records.js";
import type { Plan } from "../plan/plan.js";
import type { Provider } from "../contracts/provider.js";

/** A part of the plan that has no written form; `path` says where it is. */
export class NotSerializable extends Error {}

type Encoded = null | boolean | number | string | { $: string; [k: string]: unknown };

const providerNames = new Map<Provider, string>(PROVIDERS.map((p) => [p, p.name]));

/** `plan` as JSON text. */
export function serializePlan(plan: Plan): string {
  const ids = new Map<object, number>();
  const encode = (x: unknown, path: string): Encoded => {
    switch (typeof x) {
      case "undefined":
        return { $: "u" };
      case "boolean":
      case "string":
        return x;
      case "number":
        return Number.isFinite(x) ? x : { $: "f", v: String(x) };
      case "bigint":
        return { $: "n", v: x.toString() };
      case "object":
        break;
      default:
        throw new NotSerializable(`${path} is a ${typeof x}`);
    }
    if (x === null) return null;
    const known = ids.get(x);
    if (known !== undefined) return { $: "r", id: known };
    const provider = providerNames.get(x as Provider);
    if (provider !== undefined) return { $: "p", v: provider };
    if (isRecordType(x)) return { $: "t", v: x.kind };
    if (Buffer.isBuffer(x)) return { $: "b", v: x.toString("base64") };
    if (x instanceof SourceMap) return { $: "src", file: x.file, text: x.text };
    const id = ids.size;
    ids.set(x, id);
    if (Array.isArray(x)) return { $: "a", id, v: Array.from(x, (e, i) => encode(e, `${path}[${i}]`)) };
    if (x instanceof Map) return { $: "m", id, v: [...x].map(([k, v], i) => [encode(k, `${path} key ${i}`), encode(v, `${path}.get(${String(k)})`)]) };
    if (x instanceof Set) return { $: "s", id, v: [...x].map((e, i) => encode(e, `${path} element ${i}`)) };
    const proto = Object.getPrototypeOf(x) as unknown;
    if (proto !== Object.prototype && proto !== null) throw new NotSerializable(`${path} is a ${(x as object).constructor?.name ?? "object"}`);
    const v: Record<string, Encoded> = {};
    for (const [k, e] of Object.entries(x)) v[k] = encode(e, `${path}.${k}`);
    return { $: "o", id, v };
  };
  return JSON.stringify(encode(plan, "plan"));
}

/** The plan `text` holds; throws on text that is not a plan of this ebt's making. */
export function deserializePlan(text: string): Plan {
  const byId = new Map<number, unknown>();
  const decode = (e: unknown): unknown => {
    if (e === null || typeof e !== "object") return e;
    const node = e as { $: string; id?: number; v?: unknown; file?: string; text?: string };
    switch (node.$) {
      case "u":
        return undefined;
      case "f":
        return Number(node.v);
      case "n":
        return BigInt(node.v as string);
      case "r":
        if (!byId.has(node.id!)) throw new Error(`reference to object ${node.id} before it`);
        return byId.get(node.id!);
      case "p": {
        const p = PROVIDERS.find((q) => q.name === node.v);
        if (!p) throw new Error(`unknown probe type ${String(node.v)}`);
        return p;
      }
      case "t": {
        const t = recordTypeByKind(node.v as string);
        if (!t) throw new Error(`unknown record kind ${String(node.v)}`);
        return t;
      }
      case "b":
        return Buffer.from(node.v as string, "base64");
      case "src":
        return new SourceMap(node.file!, node.text!);
      case "a": {
        const out: unknown[] = [];
        byId.set(node.id!, out);
        for (const x of node.v as unknown[]) out.push(decode(x));
        return out;
      }
      case "m": {
        const out = new Map<unknown, unknown>();
        byId.set(node.id!, out);
        for (const [k, v] of node.v as [unknown, unknown][]) out.set(decode(k), decode(v));
        return out;
      }
      case "s": {
        const out = new Set<unknown>();
        byId.set(node.id!, out);
        for (const x of node.v as unknown[]) out.add(decode(x));
        return out;
      }
      case "o": {
        const out: Record<string, unknown> = {};
        byId.set(node.id!, out);
        for (const [k, v] of Object.entries(node.v as Record<string, unknown>)) {
          const d = decode(v);
          // An absent property and one that is undefined read the same; absent keeps `in` checks right.
          if (d !== undefined) out[k] = d;
        }
        return out;
      }
      default:
        throw new Error(`unknown encoding ${String(node.$)}`);
    }
  };
  return decode(JSON.parse(text)) as Plan;
}

function isRecordType(x: object): x is RecordType {
  const kind = (x as { kind?: unknown }).kind;
  return typeof kind === "string" && typeof (x as { receive?: unknown }).receive === "function" && recordTypeByKind(kind) === x;
}
