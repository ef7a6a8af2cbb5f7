import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { expandHome, safeDestination } from './paths.js';

describe('safeDestination', () => {
  const dir = '/tmp/out';

  it('places ordinary entries inside the directory', () => {
    expect(safeDestination(dir, 'outputs/model.pkl')).toBe(join(resolve(dir), 'outputs/model.pkl'));
    expect(safeDestination(dir, 'a/./b.txt')).toBe(join(resolve(dir), 'a/b.txt'));
    expect(safeDestination(dir, 'logs/..hidden')).toBe(join(resolve(dir), 'logs/..hidden'));
  });

  it.each(['../evil', 'a/../../evil', 'a/..', '/etc/passwd', 'C:/x', 'c:x', 'a\\..\\b', 'a\0b', '', '.', 'a/../'])('refuses %j', (name) => {
    expect(safeDestination(dir, name)).toBeUndefined();
  });
});

describe('expandHome', () => {
  it('expands a leading ~ only', () => {
    expect(expandHome('~/.cairn', '/home/u')).toBe('/home/u/.cairn');
    expect(expandHome('~', '/home/u')).toBe('/home/u');
    expect(expandHome('/data/~x', '/home/u')).toBe('/data/~x');
  });
});
