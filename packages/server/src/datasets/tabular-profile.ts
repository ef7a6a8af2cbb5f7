/** Parses delimited files (CSV/TSV, RFC 4180 quoting) and profiles the columns of any table (CSV or Parquet) in one pass. */
import { InputError, type ColumnProfile } from '@cairn/api';
import type { Table } from './tables.js';

interface ColumnStats {
  name: string;
  missing: number;
  numbers: number;
  integers: number;
  booleans: number;
  min: number;
  max: number;
  sum: number;
  counts: Map<string, number>;
}

const TOP = 5;

/** Splits delimited text into rows, honouring quotes; a stray quote names its row and column. */
export function parseDelimited(text: string, separator: string, file: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  let line = 1;
  for (let i = 0; i < text.length; i++) {
    const c = text[i] as string;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') { cell += '"'; i++; } else if (c === '"') quoted = false; else { cell += c; if (c === '\n') line++; }
      continue;
    }
    if (c === '"' && cell === '') quoted = true;
    else if (c === '"') throw parseError(file, line, row.length + 1, 'a quote inside an unquoted field');
    else if (c === separator) { row.push(cell); cell = ''; }
    else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      row.push(cell); rows.push(row); row = []; cell = ''; line++;
    } else cell += c;
  }
  if (quoted) throw parseError(file, line, row.length + 1, 'a quoted field that never ends');
  if (cell !== '' || row.length > 0) { row.push(cell); rows.push(row); }
  return rows;
}

function parseError(file: string, row: number, column: number, what: string): InputError {
  return new InputError('TABULAR_PARSE_ERROR', `${file}: row ${row}, column ${column}: ${what}`, { file, row, column });
}

/** A blank line of a delimited file, which is skipped, not a row of one empty field. */
export function isBlankRow(row: unknown[]): boolean {
  return row.length === 1 && row[0] === '';
}

/** Profiles a table's rows into per-column statistics, continuing `into` when several files make one table; a row with the wrong field count names its row and column. */
export function profileTable(table: Table, file: string, into?: ColumnStats[]): ColumnStats[] {
  const stats = into ?? table.header.map((name) => ({ name, missing: 0, numbers: 0, integers: 0, booleans: 0, min: Infinity, max: -Infinity, sum: 0, counts: new Map<string, number>() }));
  table.rows.forEach((row, r) => {
    if (isBlankRow(row)) return;
    if (row.length !== stats.length) throw parseError(file, r + 2, Math.min(row.length, stats.length) + 1, `expected ${stats.length} fields, found ${row.length}`);
    row.forEach((value, c) => addValue(stats[c] as ColumnStats, value));
  });
  return stats;
}

/** Counts one cell: text is typed by its content (CSV), typed values (Parquet) by their own type. */
function addValue(s: ColumnStats, value: unknown): void {
  if (value === null || value === undefined || value === '' || value === 'NA' || value === 'null' || Number.isNaN(value)) { s.missing++; return; }
  const text = value instanceof Date ? value.toISOString() : String(value);
  s.counts.set(text, (s.counts.get(text) ?? 0) + 1);
  const n = typeof value === 'string' ? (value.trim() === '' ? NaN : Number(value)) : typeof value === 'number' || typeof value === 'bigint' ? Number(value) : NaN;
  if (Number.isFinite(n)) {
    s.numbers++;
    if (Number.isInteger(n)) s.integers++;
    s.min = Math.min(s.min, n); s.max = Math.max(s.max, n); s.sum += n;
  } else if (typeof value === 'boolean' || /^(true|false)$/i.test(text)) s.booleans++;
}

/** The data rows counted and each column's type and profile. */
export function summarize(stats: ColumnStats[]): { rowCount: number; columns: ColumnProfile[] } {
  const rowCount = stats[0] ? stats[0].missing + [...stats[0].counts.values()].reduce((a, b) => a + b, 0) : 0;
  const columns = stats.map((s) => {
    const present = rowCount - s.missing;
    const type = present > 0 && s.numbers === present ? (s.integers === present ? 'integer' : 'number') : present > 0 && s.booleans === present ? 'boolean' : 'string';
    const numeric = type === 'integer' || type === 'number';
    const top = [...s.counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).slice(0, TOP).map(([value, count]) => ({ value, count }));
    return {
      name: s.name, type, missing: s.missing, distinct: s.counts.size, top,
      min: numeric ? s.min : null, max: numeric ? s.max : null, mean: numeric ? s.sum / present : null,
    } satisfies ColumnProfile;
  });
  return { rowCount, columns };
}
