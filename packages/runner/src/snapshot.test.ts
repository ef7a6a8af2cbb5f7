import { describe, expect, it } from 'vitest';
import { safeTarget } from './snapshot.js';

describe('safeTarget', () => {
  it('places manifest entries inside the working directory', () => {
    expect(safeTarget('/work/run', 'train.py')).toBe('/work/run/train.py');
    expect(safeTarget('/work/run', 'pkg/mod.py')).toBe('/work/run/pkg/mod.py');
  });

  it.each(['../escape.py', 'a/../../escape.py', '/etc/passwd', '', '.', 'a\0b'])('refuses %j', (path) => {
    expect(() => safeTarget('/work/run', path)).toThrow(/outside the working directory/);
  });
});
