/** Formatting times, durations, numbers and statuses for display. */
import { isTerminal, type RunStatus } from '@cairn/api';

/** A time as local date and time; a dash for none. */
export function formatTime(ms: number | null | undefined): string {
  return ms === null || ms === undefined ? '–' : new Date(ms).toLocaleString();
}

/** Seconds as `1h 02m 03s`. */
export function formatDuration(seconds: number | null | undefined): string {
  if (seconds === null || seconds === undefined) return '–';
  const s = Math.round(seconds);
  const parts = [Math.floor(s / 3600), Math.floor((s % 3600) / 60), s % 60];
  if (parts[0]) return `${parts[0]}h ${String(parts[1]).padStart(2, '0')}m ${String(parts[2]).padStart(2, '0')}s`;
  return parts[1] ? `${parts[1]}m ${String(parts[2]).padStart(2, '0')}s` : `${parts[2]}s`;
}

/** A metric or cell value: numbers to 6 significant digits, others as text. */
export function formatValue(value: unknown): string {
  if (value === null || value === undefined) return '–';
  if (typeof value === 'number') return Number.isInteger(value) ? String(value) : value.toPrecision(6).replace(/\.?0+$/, '');
  return typeof value === 'object' ? JSON.stringify(value) : String(value);
}

/** A number from a metric value (wire strings for NaN/±Infinity included), or null. */
export function toNumber(value: unknown): number | null {
  if (typeof value === 'number') return value;
  if (value === 'NaN') return Number.NaN;
  if (value === 'Infinity') return Number.POSITIVE_INFINITY;
  if (value === '-Infinity') return Number.NEGATIVE_INFINITY;
  return null;
}

/** A status badge; the text says the status, the class only colours it. */
export function StatusBadge({ status }: { status: RunStatus }) {
  const kind = status === 'Completed' ? 'ok' : status === 'Failed' ? 'bad' : isTerminal(status) ? 'done' : 'live';
  return <span className={`status status-${kind}`}>{status}</span>;
}

/** Bytes as KB/MB. */
export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KB`;
  return `${(n / 1024 / 1024).toFixed(1)} MB`;
}

/** Tags as `k=v, k2` (a tag with no value shows its key alone). */
export function tagsText(tags: Record<string, string | null>): string {
  return Object.entries(tags).map(([k, v]) => (v === null || v === '' ? k : `${k}=${v}`)).join(', ');
}

/** An endpoint or deployment state badge (Healthy, Transitioning, Unhealthy, Failed). */
export function StateBadge({ state }: { state: string }) {
  const kind = state === 'Healthy' ? 'ok' : state === 'Transitioning' ? 'live' : 'bad';
  return <span className={`status status-${kind}`}>{state}</span>;
}

/** A traffic split as `blue 90%, green 10%`. */
export function trafficText(traffic: Record<string, number>): string {
  return Object.entries(traffic).map(([d, w]) => `${d} ${w}%`).join(', ') || '–';
}
