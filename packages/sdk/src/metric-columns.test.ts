import { describe, expect, it } from 'vitest';
import { toColumnarBatch } from './metric-columns.js';

describe('toColumnarBatch', () => {
  it('sends each metric as columns, steps as null where a point has none', () => {
    const batch = toColumnarBatch([
      { name: 'loss', step: 0, timestamp: 10, value: 0.5 }, { name: 'acc', value: 'NaN' },
      { name: 'loss', timestamp: 11, value: 0.4 }, { name: 'acc', value: 1 },
    ]);
    expect(batch).toEqual({
      series: [
        { name: 'loss', kind: 'scalar', steps: [0, null], timestamps: [10, 11], values: [0.5, 0.4] },
        { name: 'acc', kind: 'scalar', values: ['NaN', 1] },
      ],
    });
  });

  it('leaves as points every point of a metric that columns cannot carry', () => {
    const table = [{ name: 't', kind: 'table' as const, row: { a: 1 } }];
    const mixedKinds = [{ name: 'm', value: 1 }, { name: 'm', kind: 'list' as const, value: 2 }];
    const someStamped = [{ name: 's', value: 1, timestamp: 5 }, { name: 's', value: 2 }];
    const batch = toColumnarBatch([...table, ...mixedKinds, ...someStamped, { name: 'ok', value: 3 }]);
    expect(batch).toEqual({ series: [{ name: 'ok', kind: 'scalar', values: [3] }], points: [...table, ...mixedKinds, ...someStamped] });
  });
});
