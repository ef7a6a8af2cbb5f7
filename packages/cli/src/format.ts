/** Formatting values for people: times relative to now, durations as 1m23s, cells of a table. */

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** A duration in seconds as `45s`, `1m23s`, `2h05m` or `3d04h`; `-` when unknown. */
export function formatDuration(seconds: number | null | undefined): string {
  if (seconds === null || seconds === undefined || !Number.isFinite(seconds)) return '-';
  const total = Math.max(0, Math.round(seconds));
  if (total < 60) return `${total}s`;
  const [d, h, m, s] = [Math.floor(total / 86400), Math.floor(total / 3600) % 24, Math.floor(total / 60) % 60, total % 60];
  if (total < 3600) return `${m}m${pad(s)}s`;
  if (total < 86400) return `${h}h${pad(m)}m`;
  return `${d}d${pad(h)}h`;
}

/** An epoch-ms time relative to now (`12s ago`, `3h ago`, `in 29d`); beyond a week, the local date. */
export function formatTime(ms: number | null | undefined, now: number = Date.now()): string {
  if (ms === null || ms === undefined) return '-';
  const delta = now - ms;
  const size = Math.abs(delta);
  if (size < SECOND) return 'just now';
  if (size >= 7 * DAY) return localDate(new Date(ms));
  return delta > 0 ? `${span(size)} ago` : `in ${span(size)}`;
}

function span(ms: number): string {
  const units: Array<[number, string]> = [[DAY, 'd'], [HOUR, 'h'], [MINUTE, 'm']];
  for (const [unit, label] of units) if (ms >= unit) return `${Math.floor(ms / unit)}${label}`;
  return `${Math.floor(ms / SECOND)}s`;
}

function localDate(date: Date): string {
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())} ${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

/** A metric or JSON value as one short line of text. */
export function formatValue(value: unknown): string {
  if (value === null || value === undefined) return '-';
  if (typeof value === 'number') return formatNumber(value);
  if (typeof value === 'string') return value;
  return JSON.stringify(value);
}

/** A number with at most 6 significant digits, without trailing noise (0.30000000000000004 → 0.3). */
export function formatNumber(value: number): string {
  if (!Number.isFinite(value) || Number.isInteger(value)) return String(value);
  return String(Number(value.toPrecision(6)));
}

/** A string map as `k=v` lines, for a table cell. */
export function formatMap(map: Record<string, string | null> | undefined): string {
  const entries = Object.entries(map ?? {});
  return entries.length ? entries.map(([k, v]) => (v === null ? k : `${k}=${v}`)).join('\n') : '-';
}

/** A byte count as `812 B`, `1.5 KiB`, `23.4 MiB`. */
export function formatBytes(bytes: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let size = bytes;
  let unit = 0;
  while (size >= 1024 && unit < units.length - 1) {
    size /= 1024;
    unit += 1;
  }
  return unit === 0 ? `${size} B` : `${size.toFixed(1)} ${units[unit]}`;
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}
