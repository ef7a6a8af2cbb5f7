/** Parsers for option and argument values; a bad value is a usage error (exit 2). */
import { UsageError } from './errors.js';

/** An integer from `min` to `max`, for options like `--top` and `--max-points`. */
export function intOption(name: string, min: number, max: number): (text: string) => number {
  return (text) => {
    const value = Number(text);
    if (!/^\d+$/.test(text.trim()) || !Number.isSafeInteger(value) || value < min || value > max) {
      throw new UsageError(`${name} must be a whole number from ${min} to ${max}, got "${text}"`);
    }
    return value;
  };
}

/** `key=value` pairs as a map; a pair without `=` is a usage error. Values may contain `=`. */
export function parsePairs(pairs: string[]): Record<string, string> {
  const map: Record<string, string> = {};
  for (const pair of pairs) {
    const at = pair.indexOf('=');
    if (at <= 0) throw new UsageError(`expected KEY=VALUE, got "${pair}"`, 'write tags as key=value, e.g. `cairn run tag RUN_ID team=vision`');
    map[pair.slice(0, at)] = pair.slice(at + 1);
  }
  return map;
}
