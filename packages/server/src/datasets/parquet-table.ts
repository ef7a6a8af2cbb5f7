/** Reads a Parquet file (hyparquet: pure JavaScript, no native code) into a header and typed rows. */
import { parquetMetadata, parquetReadObjects, parquetSchema } from 'hyparquet';
import { InputError } from '@cairn/api';

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
export async function readParquet(bytes: Buffer, file: string): Promise<Table> {
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
