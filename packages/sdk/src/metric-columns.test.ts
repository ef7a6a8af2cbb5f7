import { describe, expect, it } from 'vitest';
import { float64Base64, toColumnarBatch } from './metric-columns.js';

/** A base64 column back to numbers, as the server reads it. */
const numbers = (text: string) => [...new Float64Array(new Uint8Array(Buffer.from(text, 'base64')).buffer)];

describe('toColumnarBatch', () => {
  it('sends numeric metrics as base64 float64 columns, NaN and ±Infinity natively, NaN for a missing step', () => {
    const batch = toColumnarBatch([
      { name: 'loss', step: 0, timestamp: 10, value: 0.5 }, { name: 'acc', value: 'NaN' },
      { name: 'loss', timestamp: 11, value: 0.4 }, { name: 'acc', value: 1 }, { name: 'acc', kind: 'scalar', value: '-Infinity' },
    ]);
    expect(batch.points).toBeUndefined();
    const [loss, acc] = batch.series as { name: string; encoding: string; steps?: string; timestamps?: string; values: string }[];
    expect(loss).toMatchObject({ name: 'loss', kind: 'scalar', encoding: 'f64le-base64' });
    expect([numbers(loss!.steps!), numbers(loss!.timestamps!), numbers(loss!.values)]).toEqual([[0, NaN], [10, 11], [0.5, 0.4]]);
    expect(acc).toEqual({ name: 'acc', kind: 'scalar', encoding: 'f64le-base64', values: float64Base64(new Float64Array([NaN, 1, -Infinity])) });
  });

  it('sends metrics with strings, booleans or nulls, and images, as JSON arrays', () => {
    const batch = toColumnarBatch([
      { name: 'words', kind: 'list', step: 1, value: 'a' }, { name: 'words', kind: 'list', value: true },
      { name: 'gaps', value: 1 }, { name: 'gaps', value: null }, { name: 'pics', kind: 'image', value: 'a.png' },
    ]);
    expect(batch).toEqual({
      series: [
        { name: 'words', kind: 'list', steps: [1, null], values: ['a', true] },
        { name: 'gaps', kind: 'scalar', values: [1, null] },
        { name: 'pics', kind: 'image', values: ['a.png'] },
      ],
    });
  });

  it('leaves as points every point of a metric that columns cannot carry', () => {
    const table = [{ name: 't', kind: 'table' as const, row: { a: 1 } }];
    const mixedKinds = [{ name: 'm', value: 1 }, { name: 'm', kind: 'list' as const, value: 2 }];
    const someStamped = [{ name: 's', value: 1, timestamp: 5 }, { name: 's', value: 2 }];
    const batch = toColumnarBatch([...table, ...mixedKinds, ...someStamped, { name: 'ok', value: 'x' }]);
    expect(batch).toEqual({ series: [{ name: 'ok', kind: 'scalar', values: ['x'] }], points: [...table, ...mixedKinds, ...someStamped] });
  });
});
