import { describe, expect, it } from 'vitest';
import { GroupCommitter, type Outcome } from './group-commit.js';

/** A commit that records each group and waits until the test lets it finish. */
function gatedCommit() {
  const groups: number[][] = [];
  const gates: (() => void)[] = [];
  const commit = async (jobs: number[]): Promise<Outcome<number>[]> => {
    groups.push(jobs);
    await new Promise<void>((resolve) => gates.push(resolve));
    return jobs.map((job) => (job < 0 ? { ok: false, error: new Error(`job ${job} refused`) } : { ok: true, value: job * 10 }));
  };
  const next = async () => {
    while (gates.length === 0) await new Promise((resolve) => setImmediate(resolve));
    gates.shift()!();
  };
  return { groups, commit, next };
}

describe('GroupCommitter', () => {
  it('commits the jobs that arrive during a commit together, in the next group', async () => {
    const { groups, commit, next } = gatedCommit();
    const committer = new GroupCommitter(commit);
    const first = committer.submit(1);
    await new Promise((resolve) => setImmediate(resolve));
    const later = [2, 3, 4, 5].map((job) => committer.submit(job));
    expect(committer.waiting).toBe(4);
    await next();
    expect(await first).toBe(10);
    await next();
    expect(await Promise.all(later)).toEqual([20, 30, 40, 50]);
    expect(groups).toEqual([[1], [2, 3, 4, 5]]);
  });

  it('settles each job only after the commit that holds it', async () => {
    const { commit, next } = gatedCommit();
    const committer = new GroupCommitter(commit);
    let settled = false;
    const job = committer.submit(7).then(() => (settled = true));
    await new Promise((resolve) => setImmediate(resolve));
    await new Promise((resolve) => setImmediate(resolve));
    expect(settled).toBe(false);
    await next();
    await job;
    expect(settled).toBe(true);
  });

  it('fails a refused job alone and its neighbours succeed', async () => {
    const { commit, next } = gatedCommit();
    const committer = new GroupCommitter(commit);
    const results = [1, -2, 3].map((job) => committer.submit(job).then((v) => v, (e: Error) => e.message));
    await next();
    expect(await Promise.all(results)).toEqual([10, 'job -2 refused', 30]);
  });

  it('fails every job of a group whose commit fails, and goes on with the next group', async () => {
    let calls = 0;
    const committer = new GroupCommitter(async (jobs: number[]) => {
      if (++calls === 1) throw new Error('disk full');
      return jobs.map((job) => ({ ok: true as const, value: job }));
    });
    const failed = [1, 2].map((job) => committer.submit(job).catch((e: Error) => e.message));
    expect(await Promise.all(failed)).toEqual(['disk full', 'disk full']);
    expect(await committer.submit(3)).toBe(3);
  });

  it('takes at most maxJobs jobs in one group', async () => {
    const { groups, commit, next } = gatedCommit();
    const committer = new GroupCommitter(commit, 2);
    const jobs = [1, 2, 3, 4, 5].map((job) => committer.submit(job));
    for (let i = 0; i < 3; i++) await next();
    await Promise.all(jobs);
    expect(groups).toEqual([[1, 2], [3, 4], [5]]);
  });
});
