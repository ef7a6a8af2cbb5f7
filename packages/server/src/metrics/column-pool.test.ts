import { describe, expect, it } from 'vitest';
import { borrowColumn, returnColumns } from './column-pool.js';

describe('column pool', () => {
  it('lends a returned array again, cut to the length asked for', () => {
    const first = borrowColumn(1_000);
    returnColumns(first);
    const again = borrowColumn(600);
    expect(again.length).toBe(600);
    expect(again.buffer).toBe(first.buffer);
  });

  it('never lends one array to two borrowers at once', () => {
    const a = borrowColumn(100);
    returnColumns(a);
    const b = borrowColumn(100);
    const c = borrowColumn(100);
    expect(c.buffer).not.toBe(b.buffer);
    returnColumns(b, c);
  });

  it('allocates when every kept array is too short', () => {
    const short = borrowColumn(5_000); // longer than any array the tests above returned
    returnColumns(short);
    const long = borrowColumn(6_000);
    expect(long.length).toBe(6_000);
    expect(long.buffer).not.toBe(short.buffer);
  });
});
