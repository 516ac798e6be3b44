/**
 * strftime(3) in the C locale, for time() and strftime(), plus bpftrace's `%f` (microseconds,
 * six digits). Written here rather than through libc because Node has no binding for it; the
 * local time zone comes from the process (TZ), as it does for bpftrace.
 */
import { readFileSync } from "node:fs";

const DAYS = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"];
const MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];

const pad = (n: number, width: number, fill = "0") => String(n).padStart(width, fill);

function dayOfYear(d: Date): number {
  const start = new Date(d.getFullYear(), 0, 1);
  return Math.round((Date.UTC(d.getFullYear(), d.getMonth(), d.getDate()) - Date.UTC(start.getFullYear(), 0, 1)) / 86_400_000) + 1;
}

/** ISO 8601 week number and its year (%V, %G). */
function isoWeek(d: Date): { week: number; year: number } {
  const t = new Date(Date.UTC(d.getFullYear(), d.getMonth(), d.getDate()));
  const day = t.getUTCDay() || 7;
  t.setUTCDate(t.getUTCDate() + 4 - day);
  const yearStart = Date.UTC(t.getUTCFullYear(), 0, 1);
  return { week: Math.ceil(((t.getTime() - yearStart) / 86_400_000 + 1) / 7), year: t.getUTCFullYear() };
}

function zoneOffset(d: Date): string {
  const off = -d.getTimezoneOffset();
  const a = Math.abs(off);
  return `${off < 0 ? "-" : "+"}${pad(Math.floor(a / 60), 2)}${pad(a % 60, 2)}`;
}

function zoneName(d: Date): string {
  const part = new Intl.DateTimeFormat("en-US", { timeZoneName: "short" }).formatToParts(d).find((p) => p.type === "timeZoneName");
  const name = part?.value ?? "UTC";
  return /^GMT[+-]/.test(name) || name === "GMT" ? (d.getTimezoneOffset() === 0 ? "UTC" : name) : name;
}

/** Formats the wall-clock time `epochNs` (nanoseconds since 1970) with `fmt`. */
export function strftime(fmt: string, epochNs: bigint): string {
  const d = new Date(Number(epochNs / 1_000_000n));
  const micros = Number((epochNs / 1000n) % 1_000_000n);
  const h12 = d.getHours() % 12 || 12;
  const conv = (c: string): string | undefined => {
    switch (c) {
      case "a": return DAYS[d.getDay()]!.slice(0, 3);
      case "A": return DAYS[d.getDay()]!;
      case "b": case "h": return MONTHS[d.getMonth()]!.slice(0, 3);
      case "B": return MONTHS[d.getMonth()]!;
      case "c": return `${conv("a")} ${conv("b")} ${pad(d.getDate(), 2, " ")} ${conv("T")} ${d.getFullYear()}`;
      case "C": return pad(Math.floor(d.getFullYear() / 100), 2);
      case "d": return pad(d.getDate(), 2);
      case "D": return `${conv("m")}/${conv("d")}/${conv("y")}`;
      case "e": return pad(d.getDate(), 2, " ");
      case "f": return pad(micros, 6);
      case "F": return `${d.getFullYear()}-${conv("m")}-${conv("d")}`;
      case "g": return pad(isoWeek(d).year % 100, 2);
      case "G": return String(isoWeek(d).year);
      case "H": return pad(d.getHours(), 2);
      case "I": return pad(h12, 2);
      case "j": return pad(dayOfYear(d), 3);
      case "k": return pad(d.getHours(), 2, " ");
      case "l": return pad(h12, 2, " ");
      case "m": return pad(d.getMonth() + 1, 2);
      case "M": return pad(d.getMinutes(), 2);
      case "n": return "\n";
      case "p": return d.getHours() < 12 ? "AM" : "PM";
      case "P": return d.getHours() < 12 ? "am" : "pm";
      case "r": return `${conv("I")}:${conv("M")}:${conv("S")} ${conv("p")}`;
      case "R": return `${conv("H")}:${conv("M")}`;
      case "s": return String(Math.floor(d.getTime() / 1000));
      case "S": return pad(d.getSeconds(), 2);
      case "t": return "\t";
      case "T": return `${conv("H")}:${conv("M")}:${conv("S")}`;
      case "u": return String(d.getDay() || 7);
      case "U": return pad(Math.floor((dayOfYear(d) - 1 + 7 - d.getDay()) / 7), 2);
      case "V": return pad(isoWeek(d).week, 2);
      case "w": return String(d.getDay());
      case "W": return pad(Math.floor((dayOfYear(d) - 1 + 7 - ((d.getDay() + 6) % 7)) / 7), 2);
      case "x": return `${conv("m")}/${conv("d")}/${conv("y")}`;
      case "X": return conv("T");
      case "y": return pad(d.getFullYear() % 100, 2);
      case "Y": return String(d.getFullYear());
      case "z": return zoneOffset(d);
      case "Z": return zoneName(d);
      case "%": return "%";
      default: return undefined;
    }
  };
  let out = "";
  for (let i = 0; i < fmt.length; i++) {
    const c = fmt[i]!;
    if (c !== "%" || i + 1 >= fmt.length) {
      out += c;
      continue;
    }
    // E and O modifiers select alternative representations; the C locale has none.
    let j = i + 1;
    if ((fmt[j] === "E" || fmt[j] === "O") && j + 1 < fmt.length) j++;
    const r = conv(fmt[j]!);
    if (r === undefined) out += fmt.slice(i, j + 1);
    else out += r;
    i = j;
  }
  return out;
}

/** Nanoseconds to add to a boot-clock timestamp (bpf_ktime_get_boot_ns) to get wall-clock time. */
let bootOffset: bigint | undefined;
export function bootToEpochOffset(): bigint {
  if (bootOffset === undefined) {
    const wall = BigInt(Math.round((performance.timeOrigin + performance.now()) * 1e6));
    const mono = process.hrtime.bigint(); // CLOCK_MONOTONIC
    // CLOCK_BOOTTIME runs ahead of the monotonic clock by the time spent suspended; /proc/uptime
    // (centisecond resolution) shows it. Below its resolution, the two clocks are the same.
    let suspended = 0n;
    try {
      const uptime = Number(readFileSync("/proc/uptime", "utf8").split(" ")[0]);
      const gap = BigInt(Math.round(uptime * 1e9)) - mono;
      if (gap > 50_000_000n) suspended = gap;
    } catch {
      // no /proc: assume no suspend
    }
    bootOffset = wall - mono - suspended;
  }
  return bootOffset;
}
