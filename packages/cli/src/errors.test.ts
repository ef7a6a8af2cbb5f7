import { CairnError } from '@cairn/api';
import { CairnClientError } from '@cairn/sdk';
import { CommanderError } from 'commander';
import { describe, expect, it } from 'vitest';
import { CliError, exitCodeFor, formatError, UsageError } from './errors.js';

describe('exit codes', () => {
  it.each([
    ['not found', new CairnError('RUN_NOT_FOUND', 'no run'), 3],
    ['unauthenticated', new CairnError('UNAUTHENTICATED', 'who?'), 4],
    ['forbidden', new CairnError('FORBIDDEN', 'no'), 4],
    ['conflict', new CairnError('WORKSPACE_NOT_EMPTY', 'full'), 5],
    ['bad filter', new CairnError('INVALID_FILTER', 'bad'), 1],
    ['server fault', new CairnError('INTERNAL', 'oops'), 1],
    ['unreachable', new CairnClientError('CONNECTION_FAILED', 'down', 'http://x'), 6],
    ['proxy 404', new CairnClientError('UNEXPECTED_RESPONSE', 'html', 'http://x', 404), 3],
    ['proxy 502', new CairnClientError('UNEXPECTED_RESPONSE', 'html', 'http://x', 502), 1],
    ['usage', new UsageError('bad flag'), 2],
    ['commander usage', new CommanderError(1, 'commander.unknownOption', 'unknown option'), 2],
    ['help', new CommanderError(0, 'commander.helpDisplayed', '(outputHelp)'), 0],
    ['cli conflict', new CliError('FILE_EXISTS', 'exists', 5), 5],
    ['anything else', new Error('EACCES'), 1],
  ])('%s → %i', (_name, error, code) => {
    expect(exitCodeFor(error)).toBe(code);
  });
});

describe('formatError', () => {
  it('prints the code, the message and what to do next, without a stack', () => {
    const text = formatError(new CairnClientError('CONNECTION_FAILED', 'cannot reach the Cairn server at http://x: ECONNREFUSED', 'http://x'), false);
    expect(text).toBe(
      'error CONNECTION_FAILED: cannot reach the Cairn server at http://x: ECONNREFUSED\n' +
        'hint: is `cairn server` running? start it with `npx cairn server`, or point --url / CAIRN_URL at the right server\n',
    );
  });

  it('tells an unauthenticated user to log in', () => {
    expect(formatError(new CairnError('UNAUTHENTICATED', 'token revoked'), false)).toContain('run `cairn login');
  });

  it('shows the filter with a caret under the bad token', () => {
    const error = new CairnError('INVALID_FILTER', "expected a value after '<'", { pointer: 'metrics.loss < and\n               ^^^' });
    expect(formatError(error, false)).toContain("error INVALID_FILTER: expected a value after '<'\n  metrics.loss < and\n                 ^^^\n");
  });

  it('adds the stack only when debugging', () => {
    const error = new Error('boom');
    expect(formatError(error, false)).toBe('error ERROR: boom\n');
    expect(formatError(error, true)).toContain('at ');
  });

  it('keeps the code of a Node error', () => {
    expect(formatError(Object.assign(new Error('no such file'), { code: 'ENOENT' }), false)).toBe('error ENOENT: no such file\n');
  });
});
