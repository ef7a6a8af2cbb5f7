import { describe, expect, it } from 'vitest';
import { alignedData } from '../ui/chart-data.js';
import { BASE_POINTS, finerPoints, MAX_POINTS } from './series-refinement.js';

const xs = Array.from({ length: 1000 }, (_, i) => i * 1000);

describe('how many points a zoomed chart asks for', () => {
  it('asks for the base density when not zoomed or when the whole series fits', () => {
    expect(finerPoints(xs, null, 1_000_000)).toBe(BASE_POINTS);
    expect(finerPoints(xs, [0, 10_000], 800)).toBe(BASE_POINTS);
  });

  it('asks for proportionally more points for a narrower window, in powers of two, within the API limit and the series', () => {
    expect(finerPoints(xs, [0, 99_999], 1_000_000)).toBe(16_384); // a tenth of the points in view → ~10,000, rounded up
    expect(finerPoints(xs, [0, 500], 1_000_000)).toBe(MAX_POINTS); // one point in view: as many as the API gives
    expect(finerPoints(xs, [0, 99_999], 5_000)).toBe(5_000); // never more than the series holds
  });
});

describe('aligned chart data', () => {
  it('joins lines on a shared sorted x with nulls where a line has no point, and drops what a log axis cannot show', () => {
    const lines = [{ label: 'a', color: '', x: [0, 2], y: [1, -1] }, { label: 'b', color: '', x: [1, 2], y: [Number.NaN, 4] }];
    expect(alignedData(lines, false)).toEqual([[0, 1, 2], [1, null, -1], [null, null, 4]]);
    expect(alignedData(lines, true)).toEqual([[0, 1, 2], [1, null, null], [null, null, 4]]);
  });
});
