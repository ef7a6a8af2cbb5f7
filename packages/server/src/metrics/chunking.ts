// How a series is cut into `metric_chunks` rows — the rule the metric store follows.
//
// DECISION: a batch's points for a series become new chunks of their own ("sealed" at the size the
// batch leaves), except that an open last chunk still SMALL (< SMALL_CHUNK points) is re-encoded with
// the first incoming points (`appendChunk` in codec.ts). A chunk never holds more than CHUNK_SIZE
// points; a batch larger than that is cut into equal pieces. Chunks that ended up small can be merged
// later, off the ingest path, with `planCompaction` (e.g. when the run ends).
//
// Why not always fill the last chunk up to CHUNK_SIZE: appending means reading, decoding and
// rewriting the whole last chunk, so a batch of 1,000 points landing on a 3,000-point chunk writes
// 4,000 points — ~2.5× write amplification on average at 1M points/s, plus a read per batch
// (and, on PostgreSQL, a dead tuple of up to 100 KB per update). Sealing instead writes each point
// once: a batch of 1,000 points for one series is one INSERT of 24 KB.
//
// Why still merge small chunks: a client that flushes 1–10 points at a time would otherwise leave
// one row per flush — the one-row-per-point problem again. Rewriting a chunk below SMALL_CHUNK costs at
// most ~6 KB (256 × 24 bytes), one or two 4 KB database pages, about what inserting a new row costs,
// and it bounds how small chunks get: every chunk holds ≥ SMALL_CHUNK points except the open last one.
// (A batch touching many series, each with a few points, pays that small rewrite per series.)
//
// Reads: 1M points in 1,000-point chunks is 1,000 rows of 24 KB, ~6 ms to decode into columns
// (`decodeNumericColumns`); even the smallest chunks (256 points) make only ~4,000 rows.
//
// CHUNK_SIZE = 4096 bounds what one chunk costs to decode when only part of it is wanted (a step
// range, the tail of a live chart) and the size of one row (96 KB numeric; JSON rows of tables can be
// far larger per point), while 4096 points per row already make the per-row cost negligible.
//
// For the store: run `planChunks` inside the write transaction that read the last chunk's count, and
// hold the series row (SQLite serialises writers; on PostgreSQL lock the `metric_series` row with
// FOR UPDATE) so two batches of one series cannot both rewrite the same last chunk. `seq` follows log
// order: an 'append' keeps the last chunk's seq, each 'insert' takes the next one. Gaps in seq (left
// by compaction) are harmless; always read in seq order.

/** Most points one chunk may hold. */
export const CHUNK_SIZE = 4096;

/** An open last chunk with fewer points than this is rewritten with new points rather than sealed. */
export const SMALL_CHUNK = 256;

/**
 * One write for a batch of one series, covering incoming points [start, end):
 * 'append' re-encodes the last chunk with them, 'insert' stores them as a new chunk.
 */
export interface ChunkWrite {
  kind: 'append' | 'insert';
  start: number;
  end: number;
}

/** A run of consecutive chunks, by position [from, to) in seq order, to merge into one. */
export interface ChunkMerge {
  from: number;
  to: number;
  count: number;
}

/** Plans how `incoming` points of a series are written, given the last chunk's count (null: no chunk). */
export function planChunks(lastCount: number | null, incoming: number): ChunkWrite[] {
  checkCount('incoming', incoming);
  if (lastCount !== null) checkCount('lastCount', lastCount);
  if (incoming === 0) return [];
  const open = lastCount !== null && lastCount > 0 && lastCount < SMALL_CHUNK;
  const appended = open ? Math.min(incoming, CHUNK_SIZE - lastCount) : 0;
  const writes: ChunkWrite[] = appended > 0 ? [{ kind: 'append', start: 0, end: appended }] : [];
  return writes.concat(evenPieces(appended, incoming));
}

/**
 * Plans merging runs of consecutive chunks under half full whose points fit in one chunk, given every
 * chunk's count in seq order; each merge rewrites its chunks once, so this belongs off the ingest path.
 */
export function planCompaction(counts: readonly number[]): ChunkMerge[] {
  const merges: ChunkMerge[] = [];
  let from = 0;
  let total = 0;
  for (let i = 0; i <= counts.length; i++) {
    // A chunk at least half full is left alone: rewriting it could save one row at most.
    const count = i < counts.length ? counts[i]! : CHUNK_SIZE;
    const small = count < CHUNK_SIZE / 2;
    if (small && total + count <= CHUNK_SIZE) {
      total += count;
      continue;
    }
    if (i - from > 1) merges.push({ from, to: i, count: total });
    [from, total] = small ? [i, count] : [i + 1, 0];
  }
  return merges;
}

/** Cuts [start, end) into as few pieces of ≤ CHUNK_SIZE as possible, of equal size (±1). */
function evenPieces(start: number, end: number): ChunkWrite[] {
  const total = end - start;
  const pieces = Math.ceil(total / CHUNK_SIZE);
  const writes: ChunkWrite[] = [];
  for (let k = 0; k < pieces; k++) {
    // Even sizes, so a batch of CHUNK_SIZE + 1 does not leave a one-point chunk behind.
    const from = start + Math.floor((k * total) / pieces);
    writes.push({ kind: 'insert', start: from, end: start + Math.floor(((k + 1) * total) / pieces) });
  }
  return writes;
}

function checkCount(name: string, value: number): void {
  if (!Number.isSafeInteger(value) || value < 0) throw new RangeError(`${name} must be a count, got ${value}`);
}
