/**
 * Bucket labels of hist() as current bpftrace builds them (its types_format.cpp): every bucket's
 * label is its exclusive upper bound. Buckets up to index 2 << k hold one value each and are
 * labelled with plain integers; above, with 2^k buckets per power of two, the label is
 * 2^power * (2^k + interval) written with a K/M/G/T/P/E suffix for each factor 1024 of 2^power.
 */

/** A label: its numeric value and how it prints. */
export interface HistLabel {
  value: bigint;
  text: string;
  /** Plain integer labels (not the suffixed ones) can describe single-value buckets `[3]`. */
  plain: boolean;
}

/** The upper bound of log2 bucket `i` (k = `bits`); bucket 0 (negatives) has label 0. */
export function histLabel(i: number, bits: number): HistLabel {
  if (i <= 2 << bits) return { value: BigInt(i), text: String(i), plain: true };
  const n = 1 << bits;
  const interval = i & (n - 1);
  let power = (i >> bits) - 1;
  const value = (1n << BigInt(power)) * BigInt(n + interval);
  const decade = Math.floor(power / 10);
  power -= 10 * decade;
  const text = `${(1n << BigInt(power)) * BigInt(n + interval)}${["", "K", "M", "G", "T", "P", "E"][decade] ?? ""}`;
  return { value, text, plain: false };
}

/** `(..., 0)`, `[1]`, `[2, 4)`, `[8K, 16K)`: the header of bucket i of a log2 histogram. */
export function histBucketHeader(i: number, bits: number): string {
  if (i === 0) return "(..., 0)";
  const lo = histLabel(i - 1, bits);
  const hi = histLabel(i, bits);
  if (lo.plain && hi.plain && lo.value + 1n === hi.value) return `[${lo.text}]`;
  return `[${lo.text}, ${hi.text})`;
}

/** Bucket i as the closed range bpftrace's JSON gives: {min, max}, no min for negatives. */
export function histBucketRange(i: number, bits: number): { min?: bigint; max: bigint } {
  if (i === 0) return { max: -1n };
  return { min: histLabel(i - 1, bits).value, max: histLabel(i, bits).value - 1n };
}
