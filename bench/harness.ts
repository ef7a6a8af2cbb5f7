/** What every benchmark suite shares: result rows, targets, the printed table and timing helpers. */
import { cpus } from 'node:os';

/** A measured quantity. */
export interface Quantity {
  value: number;
  unit: string;
}

/** A goal a measurement must meet: at least (`>=`) or under (`<`) a value. */
export interface Target extends Quantity {
  op: '>=' | '<';
}

/** One row of a suite's results: the measurement beside its baseline, measured in the same run. */
export interface BenchRow {
  name: string;
  measured: Quantity;
  baseline?: Quantity & { name: string };
  target?: Target;
  /** How it was measured, in a few words (repeats, sizes). */
  notes?: string;
}

/** A suite: named rows, produced by one `run`. */
export interface Suite {
  name: string;
  description: string;
  run(log: (line: string) => void): Promise<BenchRow[]>;
}

/** The machine a result was measured on. */
export function machine(): { cores: number; cpu: string; node: string; platform: string } {
  const all = cpus();
  return { cores: all.length, cpu: all[0]?.model.trim() ?? 'unknown', node: process.version, platform: `${process.platform}-${process.arch}` };
}

/** Whether a row meets its target; null when it has none. */
export function met(row: BenchRow): boolean | null {
  if (!row.target) return null;
  return row.target.op === '>=' ? row.measured.value >= row.target.value : row.measured.value < row.target.value;
}

/** `value unit`, rounded for reading. */
export function show(quantity: Quantity | undefined): string {
  if (!quantity) return '—';
  const { value, unit } = quantity;
  const digits = Math.abs(value) >= 100 ? 0 : Math.abs(value) >= 10 ? 1 : 2;
  return `${value.toLocaleString('en-US', { maximumFractionDigits: digits })} ${unit}`;
}

/** The results as an aligned text table. */
export function table(rows: BenchRow[]): string {
  const cells = rows.map((row) => {
    const ok = met(row);
    return [row.name, show(row.measured), row.baseline ? `${show(row.baseline)} (${row.baseline.name})` : '—',
      row.target ? `${row.target.op} ${show(row.target)}` : '—', ok === null ? '—' : ok ? 'yes' : 'NO'];
  });
  const header = ['case', 'measured', 'baseline', 'target', 'met'];
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i]!.length)));
  const line = (c: string[]) => c.map((v, i) => v.padEnd(widths[i]!)).join('  ');
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...cells.map(line)].join('\n');
}

/** Milliseconds `fn` takes. */
export async function timeMs(fn: () => unknown): Promise<number> {
  const start = performance.now();
  await fn();
  return performance.now() - start;
}

/** The median of `runs` timings of `fn` (after one warm-up run), in ms. */
export async function medianMs(runs: number, fn: () => unknown): Promise<number> {
  await fn();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) times.push(await timeMs(fn));
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)]!;
}
