import { describe, expect, it } from 'vitest';
import { keyCheck, newEndpointKey } from './endpoint-keys.js';

describe('endpoint keys', () => {
  const keys = [newEndpointKey(), newEndpointKey()];
  const check = keyCheck(keys);

  it('grants either key as a Bearer credential, the scheme in any case', () => {
    expect(check(`Bearer ${keys[0]}`)).toBe(true);
    expect(check(`bearer ${keys[1]}`)).toBe(true);
    expect(check(`BEARER ${keys[1]}`)).toBe(true);
  });

  it('refuses anything else: no scheme, another scheme, a prefix, a longer value, a line break, nothing', () => {
    for (const header of [keys[0], `Basic ${keys[0]}`, `Bearer ${keys[0]!.slice(0, -1)}`, `Bearer ${keys[0]}x`, `Bearer ${keys[0]}\nx`, 'Bearer ', 'Bearer', '', undefined]) {
      expect(check(header), String(header)).toBe(false);
    }
  });

  it('grants nothing without keys', () => {
    expect(keyCheck([])(`Bearer ${keys[1]}`)).toBe(false);
  });
});
