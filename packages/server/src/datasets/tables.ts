/** Reads tabular files into a header and rows: delimited text, or Parquet (hyparquet: pure JavaScript, no native code). */
import { parquetMetadata, parquetReadObjects, parquetSchema } from 'hyparquet';
import { InputError } from '@cairn/api';
import { isBlankRow, parseDelimited } from './tabular-profile.js';

/** A table as the profiler reads it: column names, then one array of values per row. */
export interface Table {
  header: string[];
  rows: unknown[][];
}

/** Whether a file is read as Parquet rather than delimited text, by its extension. */
export function isParquetPath(path: string): boolean {
  return /\.(parquet|pq)$/i.test(path);
}

/** Parses a whole Parquet file; a file that is not Parquet, or uses a codec we cannot read, names the file. */
async function readParquet(bytes: Buffer, file: string): Promise<Table> {
  const data = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
  try {
    const metadata = parquetMetadata(data);
    const header = parquetSchema(metadata).children.map((c) => c.element.name);
    const objects = await parquetReadObjects({ file: data, metadata });
    return { header, rows: objects.map((o) => header.map((h) => o[h])) };
  } catch (error) {
    throw new InputError('TABULAR_PARSE_ERROR', `${file}: not a Parquet file this server can read (${(error as Error).message}); Parquet files with SNAPPY or no compression are supported`, { file });
  }
}

/** One file of a tabular dataset as a table, read by its extension (Parquet) or split on `separator`. */
export async function readTable(bytes: Buffer, file: string, separator: string | null): Promise<Table> {
  if (isParquetPath(file)) return readParquet(bytes, file);
  const rows = parseDelimited(bytes.toString('utf8'), separator ?? ',', file);
  return { header: rows[0] ?? [], rows: rows.slice(1) };
}

/** Tables with the same columns as one RFC 4180 CSV text, the header once. */
export function toCsv(tables: Table[]): string {
  const header = tables[0]?.header ?? [];
  const lines = [header, ...tables.flatMap((t) => t.rows.filter((r) => !isBlankRow(r)))].map((row) => row.map(csvCell).join(','));
  return lines.length > 0 ? `${lines.join('\n')}\n` : '';
}

function csvCell(value: unknown): string {
  if (value === null || value === undefined) return '';
  const text = value instanceof Date ? value.toISOString() : String(value);
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}
