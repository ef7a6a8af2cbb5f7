import { describe, expect, it } from 'vitest';
import { UsageError } from './errors.js';
import { intOption, parsePairs } from './options.js';
import { applyKeys, stripTrailingNewline } from './prompt.js';

describe('option values', () => {
  it('parses whole numbers within range, and refuses the rest as usage errors', () => {
    const top = intOption('--top', 1, 1000);
    expect(top('25')).toBe(25);
    for (const bad of ['0', '1001', '2.5', 'ten', '-3', '']) expect(() => top(bad)).toThrow(UsageError);
  });

  it('parses key=value pairs, keeping "=" in values', () => {
    expect(parsePairs(['team=vision', 'expr=a=b', 'empty='])).toEqual({ team: 'vision', expr: 'a=b', empty: '' });
    expect(() => parsePairs(['novalue'])).toThrow('expected KEY=VALUE, got "novalue"');
    expect(() => parsePairs(['=x'])).toThrow(UsageError);
  });
});

describe('secret input', () => {
  it('drops exactly one trailing newline', () => {
    expect(stripTrailingNewline('s3cret\n')).toBe('s3cret');
    expect(stripTrailingNewline('s3cret\r\n')).toBe('s3cret');
    expect(stripTrailingNewline('two\n\n')).toBe('two\n');
  });

  it('handles typing at a hidden prompt: backspace, enter, ctrl-c', () => {
    const start = { value: '', done: false, canceled: false };
    const typed = applyKeys(applyKeys(start, 'pass'), 'x\u007fword');
    expect(typed).toEqual({ value: 'password', done: false, canceled: false });
    expect(applyKeys(typed, '\r')).toEqual({ value: 'password', done: true, canceled: false });
    expect(applyKeys(typed, '\u0003')).toEqual({ value: '', done: true, canceled: true });
  });
});
