import { describe, expect, it } from 'vitest';
import { bucket, renderChart, sparkline } from './chart.js';

describe('sparkline', () => {
  it('rises with the values, lowest to highest block', () => {
    expect(sparkline([1, 2, 3, 4, 5, 6, 7, 8])).toBe('▁▂▃▄▅▆▇█');
    expect(sparkline([5, 5, 5])).toBe('▄▄▄');
    expect(sparkline([])).toBe('');
  });

  it('averages into at most `width` columns and skips non-finite values', () => {
    expect(bucket([1, 3, 5, 7], 2)).toEqual([2, 6]);
    expect(sparkline(Array.from({ length: 1000 }, (_, i) => i), 10)).toHaveLength(10);
    expect(bucket([1, Number.NaN, 2, Number.POSITIVE_INFINITY], 10)).toEqual([1, 2]);
  });
});

describe('renderChart', () => {
  it('draws a rising line with max and min labels and the x range', () => {
    const lines = renderChart([0, 1, 2, 3], { width: 4, height: 2, xLabels: ['step 0', 'step 3'] });
    expect(lines).toEqual([
      '3 ┤  ▃█',
      '0 ┤ ▅██',
      '  └────',
      '   step 0 step 3',
    ]);
  });

  it('draws a flat series at mid height, and nothing for no values', () => {
    const lines = renderChart([2, 2, 2], { width: 3, height: 2 });
    expect(lines[0]).toBe('2 ┤   ');
    expect(lines[1]).toBe('2 ┤███');
    expect(renderChart([], { width: 3, height: 2 })).toEqual([]);
  });
});
