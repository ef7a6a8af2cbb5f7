import { describe, expect, it } from 'vitest';
import { CHUNK_SIZE, SMALL_CHUNK, planChunks, planCompaction, type ChunkWrite } from './chunking.js';
import { appendChunk, decodeChunk, encodeChunk } from './codec.js';
import type { MetricPoint } from './types.js';
import { seeded } from '../test-support/seeded.js';

/** Applies plans to a list of chunk counts, as the store would, and tallies the points rewritten. */
function ingest(batches: number[]): { counts: number[]; rewritten: number; maxRewrite: number } {
  const counts: number[] = [];
  let [rewritten, maxRewrite] = [0, 0];
  for (const batch of batches) {
    for (const write of planChunks(counts.at(-1) ?? null, batch)) {
      const size = write.end - write.start;
      if (write.kind === 'insert') counts.push(size);
      else {
        [rewritten, maxRewrite] = [rewritten + counts.at(-1)!, Math.max(maxRewrite, counts.at(-1)!)];
        counts[counts.length - 1]! += size;
      }
    }
  }
  return { counts, rewritten, maxRewrite };
}

describe('planChunks', () => {
  it.each<[number | null, number, ChunkWrite[]]>([
    [null, 0, []],
    [null, 1_000, [{ kind: 'insert', start: 0, end: 1_000 }]],
    [0, 10, [{ kind: 'insert', start: 0, end: 10 }]],
    [1_000, 1_000, [{ kind: 'insert', start: 0, end: 1_000 }]],
    [SMALL_CHUNK - 1, 1, [{ kind: 'append', start: 0, end: 1 }]],
    [SMALL_CHUNK, 1, [{ kind: 'insert', start: 0, end: 1 }]],
    [100, 1_000, [{ kind: 'append', start: 0, end: 1_000 }]],
    [100, 10_000, [
      { kind: 'append', start: 0, end: 3_996 },
      { kind: 'insert', start: 3_996, end: 6_998 },
      { kind: 'insert', start: 6_998, end: 10_000 },
    ]],
    [null, CHUNK_SIZE + 1, [{ kind: 'insert', start: 0, end: 2_048 }, { kind: 'insert', start: 2_048, end: 4_097 }]],
  ])('with a last chunk of %s points and %i incoming', (lastCount, incoming, expected) => {
    expect(planChunks(lastCount, incoming)).toStrictEqual(expected);
  });

  it('covers the batch in order, fills no chunk past CHUNK_SIZE and rewrites only small chunks', () => {
    const rand = seeded(42);
    for (let trial = 0; trial < 2_000; trial++) {
      const lastCount = rand() < 0.1 ? null : Math.floor(rand() * CHUNK_SIZE);
      const incoming = Math.floor(rand() ** 3 * 30_000);
      const writes = planChunks(lastCount, incoming);
      let covered = 0;
      for (const [k, write] of writes.entries()) {
        expect(write.start).toBe(covered);
        covered = write.end;
        const before = write.kind === 'append' ? lastCount! : 0;
        expect(write.end > write.start && before + write.end - write.start <= CHUNK_SIZE).toBe(true);
        if (write.kind === 'append') expect(k === 0 && lastCount! > 0 && lastCount! < SMALL_CHUNK).toBe(true);
      }
      expect(covered).toBe(incoming);
    }
  });

  it('writes 1M points in batches of 1,000 as 1,000 chunks, rewriting nothing', () => {
    const { counts, rewritten } = ingest(Array<number>(1_000).fill(1_000));
    expect(counts).toHaveLength(1_000);
    expect(rewritten).toBe(0);
  });

  it('gathers one-point batches into SMALL_CHUNK-point chunks, each rewrite under SMALL_CHUNK points', () => {
    const { counts, maxRewrite } = ingest(Array<number>(10_000).fill(1));
    expect(counts.slice(0, -1).every((count) => count === SMALL_CHUNK)).toBe(true);
    expect(counts).toHaveLength(Math.ceil(10_000 / SMALL_CHUNK));
    expect(maxRewrite).toBe(SMALL_CHUNK - 1);
  });

  it('gathers batches of 100 into chunks of 300', () => {
    expect(new Set(ingest(Array<number>(90).fill(100)).counts)).toStrictEqual(new Set([300]));
  });

  it('refuses counts that are not counts', () => {
    expect(() => planChunks(null, -1)).toThrow(/incoming must be a count/);
    expect(() => planChunks(1.5, 10)).toThrow(/lastCount must be a count/);
  });
});

describe('planCompaction', () => {
  it.each<[number[], ReturnType<typeof planCompaction>]>([
    [[], []],
    [[100], []],
    [[1_000, 1_000, 1_000, 1_000, 1_000], [{ from: 0, to: 4, count: 4_000 }]],
    [[100, 3_000, 100, 100], [{ from: 2, to: 4, count: 200 }]],
    [[CHUNK_SIZE, 10], []],
    [[2_000, 2_000, 2_000], [{ from: 0, to: 2, count: 4_000 }]],
    [[10, 10, CHUNK_SIZE / 2, 10, 10, 10], [{ from: 0, to: 2, count: 20 }, { from: 3, to: 6, count: 30 }]],
  ])('merges %j as %j', (counts, expected) => {
    expect(planCompaction(counts)).toStrictEqual(expected);
  });

  it('leaves fewer chunks, none over CHUNK_SIZE, with every point kept', () => {
    const rand = seeded(7);
    const counts = Array.from({ length: 500 }, () => 1 + Math.floor(rand() ** 4 * CHUNK_SIZE));
    const merged = counts.slice();
    for (const { from, to, count } of planCompaction(counts).reverse()) merged.splice(from, to - from, count);
    expect(merged.length).toBeLessThan(counts.length);
    expect(merged.every((count) => count <= CHUNK_SIZE)).toBe(true);
    expect(merged.reduce((a, b) => a + b)).toBe(counts.reduce((a, b) => a + b));
  });
});

describe('planChunks with the codec, as the store will use them', () => {
  it('reads back every point in order after random batches', () => {
    const rand = seeded(3);
    const chunks: Uint8Array[] = [];
    const all: MetricPoint[] = [];
    for (let batch = 0; batch < 120; batch++) {
      const points = Array.from({ length: Math.floor(rand() ** 4 * 2_000) }, (_, i): MetricPoint => ({
        step: all.length + i, time: 1.7e12 + all.length + i, value: rand() < 0.01 ? 'text' : rand(),
      }));
      const last = chunks.length > 0 ? decodeChunk(chunks.at(-1)!).length : null;
      for (const { kind, start, end } of planChunks(last, points.length)) {
        if (kind === 'append') chunks[chunks.length - 1] = appendChunk(chunks.at(-1)!, points.slice(start, end)).payload;
        else chunks.push(encodeChunk(points.slice(start, end)).payload);
      }
      all.push(...points);
    }
    expect(chunks.flatMap((payload) => decodeChunk(payload))).toStrictEqual(all);
  });
});
