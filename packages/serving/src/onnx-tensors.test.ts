import { describe, expect, it } from 'vitest';
import { BadInput, concatRows, jsonRows, rowsOf } from './onnx-tensors.js';

describe('ONNX tensors from and to JSON', () => {
  it('flattens nested rows and refuses ragged or non-numeric ones', () => {
    expect(rowsOf([[1, 2], [3, 4]])).toEqual({ data: Float32Array.from([1, 2, 3, 4]), dims: [2, 2] });
    expect(() => rowsOf([[1, 2], [3]])).toThrow(BadInput);
    expect(() => rowsOf([[1, 2], 3])).toThrow(BadInput);
    expect(() => rowsOf([[1, null]])).toThrow(BadInput);
    expect(() => rowsOf(5)).toThrow(BadInput);
  });

  it('writes any rows of a tensor as the JSON of its nested lists', () => {
    const tensor = { data: Float32Array.from({ length: 12 }, (_, i) => i), dims: [3, 2, 2] };
    expect(JSON.parse(jsonRows(tensor, 0, 3))).toEqual([[[0, 1], [2, 3]], [[4, 5], [6, 7]], [[8, 9], [10, 11]]]);
    expect(JSON.parse(jsonRows(tensor, 1, 2))).toEqual([[[4, 5], [6, 7]], [[8, 9], [10, 11]]]);
    expect(jsonRows({ data: BigInt64Array.from([7n, 9n]), dims: [2] }, 1, 1)).toBe('[9]');
    expect(jsonRows({ data: Float32Array.from([Number.NaN]), dims: [] }, 0, 1)).toBe('null');
  });

  it('concatenates requests along the first axis', () => {
    const joined = concatRows([rowsOf([[1, 2]]), rowsOf([[3, 4], [5, 6]])]);
    expect(joined).toEqual({ data: Float32Array.from([1, 2, 3, 4, 5, 6]), dims: [3, 2] });
  });
});
