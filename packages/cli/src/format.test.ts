import { describe, expect, it } from 'vitest';
import { formatBytes, formatDuration, formatMap, formatNumber, formatTime, formatValue } from './format.js';

describe('formatDuration', () => {
  it.each([
    [null, '-'], [0, '0s'], [42.4, '42s'], [83, '1m23s'], [600, '10m00s'], [3725, '1h02m'], [90000, '1d01h'],
  ])('%s seconds → %s', (seconds, text) => {
    expect(formatDuration(seconds)).toBe(text);
  });
});

describe('formatTime', () => {
  const now = Date.UTC(2026, 0, 15, 12, 0, 0);
  it.each([
    [now - 200, 'just now'], [now - 12_000, '12s ago'], [now - 5 * 60_000, '5m ago'], [now - 3 * 3_600_000, '3h ago'],
    [now - 2 * 86_400_000, '2d ago'], [now + 29 * 3_600_000, 'in 1d'],
  ])('%s → %s', (ms, text) => {
    expect(formatTime(ms, now)).toBe(text);
  });

  it('gives the date beyond a week, and - for no time', () => {
    expect(formatTime(now - 30 * 86_400_000, now)).toMatch(/^2025-12-1[56] \d\d:\d\d$/);
    expect(formatTime(null, now)).toBe('-');
  });
});

describe('values', () => {
  it('formats numbers without float noise, and other values as text', () => {
    expect(formatNumber(0.1 + 0.2)).toBe('0.3');
    expect(formatNumber(1234567.891)).toBe('1234570');
    expect(formatValue('NaN')).toBe('NaN');
    expect(formatValue(null)).toBe('-');
    expect(formatValue([1, 2])).toBe('[1,2]');
    expect(formatMap({ a: '1', flag: null })).toBe('a=1\nflag');
    expect(formatMap({})).toBe('-');
  });

  it('formats byte counts', () => {
    expect(formatBytes(812)).toBe('812 B');
    expect(formatBytes(1536)).toBe('1.5 KiB');
    expect(formatBytes(5 * 1024 * 1024)).toBe('5.0 MiB');
  });
});
