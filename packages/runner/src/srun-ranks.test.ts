import { describe, expect, it } from 'vitest';
import { failedTask, labeledLine, srunArgs, srunLayoutOf } from './srun-ranks.js';

describe('ranks through srun', () => {
  it('reads the rank of each --label line, padded or not; srun\'s own lines count as rank 0', () => {
    expect(labeledLine('3: loss 0.5')).toEqual({ rank: 3, text: 'loss 0.5' });
    expect(labeledLine(' 7: a: b')).toEqual({ rank: 7, text: 'a: b' });
    expect(labeledLine('srun: error: n2: task 3: Exited with exit code 2')).toEqual({ rank: 0, text: 'srun: error: n2: task 3: Exited with exit code 2' });
  });

  it('blames the task srun names for a failure', () => {
    expect(failedTask('srun: error: n2: task 3: Exited with exit code 2')).toBe(3);
    expect(failedTask('srun: error: n1: tasks 0-1: Killed')).toBe(0);
    expect(failedTask('1: Traceback (most recent call last):')).toBeNull();
  });

  it('uses srun only for several nodes inside a Slurm job script that asks for it', () => {
    expect(srunLayoutOf(2, 2, { CAIRN_RANK_LAUNCHER: 'srun', CAIRN_MASTER_ADDR: '10.0.0.5' })).toEqual({ nodes: 2, perNode: 2, masterAddr: '10.0.0.5' });
    expect(srunLayoutOf(1, 4, { CAIRN_RANK_LAUNCHER: 'srun' })).toBeNull();
    expect(srunLayoutOf(2, 2, {})).toBeNull();
    expect(srunArgs({ nodes: 2, perNode: 3, masterAddr: 'n1' }, 'python3', ['-u', 'train.py'])).toEqual(expect.arrayContaining(['--nodes=2', '--ntasks-per-node=3', '--ntasks=6', 'python3', '-u', 'train.py']));
  });
});
