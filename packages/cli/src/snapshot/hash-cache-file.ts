/**
 * The hash cache's file: columns instead of one JSON object per file, because a fresh CLI process
 * spent 5-35 ms parsing 2,000 JSON entries before every submit (ADR 17). In the host's byte order (a
 * cache file never leaves its machine; one from a host of the other order has a foreign magic number
 * and counts as empty):
 *
 *   magic (u32)  count (u32)  count x 4 float64 (size, mtimeMs, ino, hashedAt)  count x 32 bytes (SHA-256)
 *   paths relative to the source directory, UTF-8, separated by NUL (which no file name holds)
 *
 * Entries are written in the listing's order, so that the next listing finds entry i at index i, and
 * the numbers are read through one Float64Array view: no per-value decoding in a cold process.
 */
import { readFileSync } from 'node:fs';
import { mkdir, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';

/** What the cache knows of one file. */
export interface Entry {
  size: number;
  mtimeMs: number;
  ino: number;
  sha256: string;
  /** When the file was read (see the racy rule in hash-cache.ts). */
  hashedAt: number;
}

/** The entries read from a cache file. */
export interface StoredColumns {
  count: number;
  /** The entry of `path`, looked for at `index` first. */
  entry(index: number, path: string): Entry | undefined;
}

/** "CHC1" read as a little-endian u32. */
const MAGIC = 0x31434843;
const HEADER = 8;
const NUMBERS = 4;

const empty: StoredColumns = { count: 0, entry: () => undefined };

/** Reads a cache file; a missing, torn or foreign file is an empty cache (it is only a cache). */
export function readColumns(file: string): StoredColumns {
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch {
    return empty;
  }
  if (bytes.length < HEADER) return empty;
  // Typed-array views need an aligned start; a copy into a buffer of its own has one.
  if (bytes.byteOffset % 8 !== 0) bytes = Buffer.from(new Uint8Array(bytes).buffer);
  const words = new Uint32Array(bytes.buffer, bytes.byteOffset, 2);
  const count = words[1]!;
  const shaAt = HEADER + count * NUMBERS * 8;
  const pathsAt = shaAt + count * 32;
  if (words[0] !== MAGIC || pathsAt > bytes.length) return empty;
  const paths = count === 0 ? [] : bytes.toString('utf8', pathsAt).split('\0');
  if (paths.length !== count) return empty;
  const numbers = new Float64Array(bytes.buffer, bytes.byteOffset + HEADER, count * NUMBERS);
  // One string for every hash: each entry's is a slice of it, not a decoding of its own.
  const hex = bytes.toString('hex', shaAt, pathsAt);
  let byPath: Map<string, number> | undefined;
  const indexOf = (index: number, path: string) => (paths[index] === path ? index : (byPath ??= new Map(paths.map((p, i) => [p, i]))).get(path));
  return {
    count,
    entry(index, path) {
      const i = indexOf(index, path);
      if (i === undefined) return undefined;
      const at = i * NUMBERS;
      return { size: numbers[at]!, mtimeMs: numbers[at + 1]!, ino: numbers[at + 2]!, hashedAt: numbers[at + 3]!, sha256: hex.slice(i * 64, i * 64 + 64) };
    },
  };
}

/** Writes the entries atomically: a temporary file, then a rename. */
export async function writeColumns(file: string, entries: ReadonlyArray<Entry & { path: string }>): Promise<void> {
  const paths = Buffer.from(entries.map((e) => e.path).join('\0'));
  const shaAt = HEADER + entries.length * NUMBERS * 8;
  const bytes = Buffer.alloc(shaAt + entries.length * 32 + paths.length);
  new Uint32Array(bytes.buffer, bytes.byteOffset, 2).set([MAGIC, entries.length]);
  const numbers = new Float64Array(bytes.buffer, bytes.byteOffset + HEADER, entries.length * NUMBERS);
  entries.forEach((e, i) => {
    numbers.set([e.size, e.mtimeMs, e.ino, e.hashedAt], i * NUMBERS);
    bytes.write(e.sha256, shaAt + i * 32, 32, 'hex');
  });
  paths.copy(bytes, shaAt + entries.length * 32);
  await mkdir(dirname(file), { recursive: true });
  const temp = `${file}.${process.pid}.tmp`;
  await writeFile(temp, bytes);
  await rename(temp, file);
}
