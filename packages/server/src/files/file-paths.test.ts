import { describe, expect, it } from 'vitest';
import { checkRunFilePath } from './file-paths.js';
import { prefixEnd } from './sql-run-file-store.js';

describe('run file paths', () => {
  it.each(['outputs/model.pkl', 'a', 'logs/azureml/70_driver_log.txt', 'with space/and%percent', 'café/日本.txt', '.hidden/.env', 'a..b/c...'])('accepts %s', (path) => {
    expect(() => checkRunFilePath(path)).not.toThrow();
  });

  it.each([
    ['..', '.. segments'], ['a/../b', '.. segments'], ['../up', '.. segments'], ['/etc/passwd', 'relative'], ['C:/x', 'relative'],
    ['a\\b', 'backslashes'], ['a\0', 'NUL'], ['./a', 'empty or . segments'], ['a/.', 'empty or . segments'], ['', 'must not be empty'],
  ])('refuses %j with INVALID_INPUT naming the rule', (path, rule) => {
    expect(() => checkRunFilePath(path)).toThrow(expect.objectContaining({ code: 'INVALID_INPUT', message: expect.stringContaining(rule) }));
  });
});

describe('prefixEnd', () => {
  it('is the least string above every string with the prefix', () => {
    expect(prefixEnd('a/')).toBe('a0');
    expect(prefixEnd('日本')).toBe('日札');
    expect(prefixEnd(`x${String.fromCodePoint(0x10ffff)}`)).toBe('y');
    expect(prefixEnd(String.fromCodePoint(0x10ffff))).toBeNull();
    expect(prefixEnd('\ud7ff')).toBe('\ue000');
  });
});
