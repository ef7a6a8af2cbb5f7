import { describe, expect, it } from 'vitest';
import { outcomeOf, StderrTails } from './outcome.js';

describe('outcomeOf', () => {
  it('tells the script failing apart from a stop', () => {
    const tails = new StderrTails(2);
    for (const line of ['one', 'two', 'three']) tails.add(1, line);
    const exits = [{ rank: 0, code: 0, signal: null }, { rank: 1, code: 3, signal: null }];
    expect(outcomeOf(exits, null, tails, undefined)).toEqual({
      status: 'Failed',
      error: { code: 'USER_SCRIPT_FAILED', message: 'the script exited with code 3 (rank 1): three', details: { exitCode: 3, signal: null, rank: 1, stderrTail: ['two', 'three'] } },
    });
    expect(outcomeOf(exits, 'cancel', tails, undefined).status).toBe('Canceled');
    expect(outcomeOf(exits, 'timeout', tails, 5)).toMatchObject({ status: 'Failed', error: { code: 'RUN_TIMED_OUT' } });
    expect(outcomeOf([{ rank: 0, code: 0, signal: null }], null, tails, undefined).status).toBe('Completed');
  });
});
