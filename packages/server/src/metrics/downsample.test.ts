import { describe, expect, it } from 'vitest';
import { downsampleLttb, downsampleMinMax, type Downsampler } from './downsample.js';
import { seeded } from '../test-support/seeded.js';

interface Series {
  xs: Float64Array;
  ys: Float64Array;
}

/** A noisy random walk with the odd spike and plateau; x shuffled for some seeds. */
function randomSeries(seed: number, length: number): Series {
  const rand = seeded(seed);
  const ys = new Float64Array(length);
  let y = 0;
  for (let i = 0; i < length; i++) {
    y += rand() - 0.5;
    ys[i] = rand() < 0.01 ? y + (rand() - 0.5) * 1000 : rand() < 0.05 ? Math.round(y) : y;
  }
  const xs = Float64Array.from({ length }, (_, i) => i * 10);
  if (seed % 3 === 0) xs.reverse(); // x going backwards: buckets are by index anyway
  return { xs, ys };
}

function range(n: number): number[] {
  return Array.from({ length: n }, (_, i) => i);
}

function finiteExtremes(ys: Float64Array): { min: number; max: number } {
  const finite = [...ys].filter((y) => !Number.isNaN(y));
  return { min: Math.min(...finite), max: Math.max(...finite) };
}

const algorithms: [string, Downsampler][] = [['downsampleMinMax', downsampleMinMax], ['downsampleLttb', downsampleLttb]];

describe.each(algorithms)('%s', (_name, downsample) => {
  const cases = range(40).map((seed) => [seed, 5 + seeded(seed)() * 5000, 4 + (seed % 9) * 23] as const);

  it.each(cases)('keeps first, last, global min and max, at most N, ascending (seed %i)', (seed, size, maxPoints) => {
    const { xs, ys } = randomSeries(seed, Math.floor(size));
    const kept = [...downsample(xs, ys, maxPoints)];
    const n = ys.length;
    expect(kept.length).toBeLessThanOrEqual(Math.min(maxPoints, n));
    expect(kept.every((index, k) => Number.isInteger(index) && index >= 0 && index < n && (k === 0 || index > kept[k - 1]!))).toBe(true);
    expect(kept[0]).toBe(0);
    expect(kept.at(-1)).toBe(n - 1);
    const { min, max } = finiteExtremes(ys);
    expect(kept.map((i) => ys[i])).toContain(min);
    expect(kept.map((i) => ys[i])).toContain(max);
  });

  it('gives the same output for the same input', () => {
    const { xs, ys } = randomSeries(5, 20_000);
    expect(downsample(xs, ys, 300)).toStrictEqual(downsample(xs.slice(), ys.slice(), 300));
  });

  it('returns every index when N is at least the length', () => {
    const { xs, ys } = randomSeries(1, 50);
    expect([...downsample(xs, ys, 50)]).toStrictEqual(range(50));
    expect([...downsample(xs, ys, 1_000)]).toStrictEqual(range(50));
  });

  it('handles an empty series and budgets below four', () => {
    const empty = new Float64Array(0);
    expect([...downsample(empty, empty, 10)]).toStrictEqual([]);
    const xs = Float64Array.from(range(10));
    const ys = Float64Array.from([3, 1, 4, 1, 5, 9, 2, 6, 5, -3]);
    expect([...downsample(xs, ys, 0)]).toStrictEqual([]);
    expect([...downsample(xs, ys, -5)]).toStrictEqual([]);
    expect([...downsample(xs, ys, 1)]).toStrictEqual([0]);
    expect([...downsample(xs, ys, 2)]).toStrictEqual([0, 9]);
    expect([...downsample(xs, ys, 3)]).toStrictEqual([0, 5, 9]); // then the max
    expect(downsample(xs, ys, 4.9).length).toBeLessThanOrEqual(4);
  });

  it('keeps every isolated NaN and ±Infinity', () => {
    const { xs, ys } = randomSeries(2, 10_000);
    const spikes = range(10).map((k) => k * 1_000 + 123);
    spikes.forEach((index, k) => (ys[index] = [NaN, Infinity, -Infinity][k % 3]!));
    const kept = [...downsample(xs, ys, 100)];
    expect(kept.length).toBeLessThanOrEqual(100);
    expect(spikes.filter((index) => !kept.includes(index))).toStrictEqual([]);
  });

  it('copes with a series that is all NaN or all the same', () => {
    const xs = Float64Array.from(range(1_000));
    for (const ys of [new Float64Array(1_000).fill(NaN), new Float64Array(1_000).fill(2), new Float64Array(1_000).fill(-Infinity)]) {
      const kept = [...downsample(xs, ys, 40)];
      expect(kept.length).toBeLessThanOrEqual(40);
      expect([kept[0], kept.at(-1)]).toStrictEqual([0, 999]);
    }
  });

  it('refuses xs and ys of different lengths', () => {
    expect(() => downsample(new Float64Array(3), new Float64Array(4), 2)).toThrow(/3 points but ys has 4/);
  });
});

describe('downsampleMinMax', () => {
  it('keeps the first, min, max and last point of each bucket, in index order', () => {
    //            bucket 0: 0..5                    bucket 1: 6..11
    const ys = Float64Array.from([1, 7, 0, 3, 3, 2, 5, -2, 4, 9, 9, 6]);
    const xs = Float64Array.from(range(12));
    expect([...downsampleMinMax(xs, ys, 8)]).toStrictEqual([0, 1, 2, 5, 6, 7, 9, 11]);
  });

  it('gives a NaN its own slot in the bucket', () => {
    const ys = Float64Array.from([1, 7, NaN, 0, NaN, 2, 5, -2, 4, 9, 9, 6]);
    const xs = Float64Array.from(range(12));
    // Five slots a bucket: budget 10 makes two buckets; the first NaN of bucket 0 is kept.
    expect([...downsampleMinMax(xs, ys, 10)]).toStrictEqual([0, 1, 2, 3, 5, 6, 7, 9, 11]);
  });
});

describe('downsampleLttb', () => {
  it('uses the whole budget, one point a bucket, when the extremes are the end points', () => {
    const xs = Float64Array.from(range(10_000));
    const ys = xs.map((x) => x + Math.sin(x / 50) * 100);
    expect(downsampleLttb(xs, ys, 50).length).toBe(50);
  });

  it('picks the point farthest off the line from the last pick to the next bucket', () => {
    const xs = Float64Array.from(range(9));
    const ys = Float64Array.from([0, 1, 2, 3, 8, 5, 6, 7, 10]);
    // One bucket (1..7) between (0, 0) and (8, 10); the bump at index 4 is farthest from that line.
    expect([...downsampleLttb(xs, ys, 3)]).toStrictEqual([0, 4, 8]);
  });
});
