import { describe, expect, it } from 'vitest';
import { changes, creation, showText } from './compute.js';

describe('cairn compute', () => {
  it('turns create flags into a Slurm target request', () => {
    expect(creation('hpc', { type: 'slurm', partition: 'debug', maxNodes: '4', gres: 'gpu:1' })).toEqual({
      name: 'hpc', type: 'slurm', settings: { partition: 'debug', maxNodes: 4, gres: 'gpu:1', account: undefined, qos: undefined, timeLimit: undefined, runnerCache: undefined },
    });
  });

  it('refuses a missing partition, a bad node count and an unknown type', () => {
    expect(() => creation('hpc', { type: 'slurm' })).toThrow('a slurm target needs --partition');
    expect(() => creation('hpc', { type: 'slurm', partition: 'p', maxNodes: '0' })).toThrow(/--max-nodes must be a whole number/);
    expect(() => creation('hpc', { type: 'kubernetes', partition: 'p' })).toThrow('unknown compute type kubernetes; this server creates: slurm, ssh');
  });

  it('turns ssh create flags into an SSH target request', () => {
    expect(creation('box', { type: 'ssh', host: 'gpu1', user: 'ml', keySecret: 'gpu1-key', port: '2222', maxRuns: '2' })).toEqual({
      name: 'box', type: 'ssh', settings: { host: 'gpu1', port: 2222, user: 'ml', keySecret: 'gpu1-key', maxRuns: 2, runnerCache: undefined },
    });
    expect(() => creation('box', { type: 'ssh', host: 'gpu1', user: 'ml' })).toThrow('an ssh target needs --key-secret');
    expect(() => creation('box', { type: 'ssh', host: 'gpu1', user: 'ml', keySecret: 'k', port: '70000' })).toThrow('--port must be a port number, not 70000');
  });

  it('turns update flags into only the changes given, an empty value clearing a setting', () => {
    expect(changes({ maxNodes: '4', qos: '' })).toEqual({ maxNodes: 4, qos: null });
    expect(() => changes({})).toThrow(/nothing to change/);
    expect(() => changes({ maxRuns: '0' })).toThrow('--max-runs must be a whole number of at least 1, not 0');
  });

  it('shows nodes and jobs of a Slurm target', () => {
    const text = showText({
      name: 'hpc', type: 'slurm', capacity: 2, active: 1, queued: 0, settings: { partition: 'debug', account: null },
      nodes: [{ name: 'n1', state: 'mix', cpus: 2, memoryMb: 1000, gres: '' }],
      jobs: [{ jobId: '7', runId: 'exp_1_ab', state: 'PENDING', reason: 'Resources', nodes: '' }],
    });
    expect(text).toContain('partition: debug');
    expect(text).not.toContain('account');
    expect(text).toMatch(/n1\s+mix\s+2\s+1000/);
    expect(text).toMatch(/7\s+exp_1_ab\s+PENDING\s+Resources/);
  });
});
