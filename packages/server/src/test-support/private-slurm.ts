/** A Slurm dev cluster of a test file's own, and an execution server that runs jobs on it. */
import { afterAll, beforeAll } from 'vitest';
import { privateCluster } from '../execution/slurm/dev-cluster.js';
import { startExecServer, type ExecFixture } from '../execution/test-support/execution-fixture.js';

export type PrivateCluster = Awaited<ReturnType<typeof privateCluster>>;

/**
 * Starts a cluster of the calling file's own (its tests hold or take nodes down) and then a server before the
 * file's (or describe block's) tests, and stops both after them. The objects returned are filled in by `beforeAll`.
 */
export function usePrivateSlurm(): { fx: ExecFixture; cluster: PrivateCluster } {
  const [fx, cluster] = [{} as Partial<ExecFixture>, {} as Partial<PrivateCluster>];
  beforeAll(async () => {
    Object.assign(cluster, await privateCluster());
    // A Slurm job starts its runner a second or two after submission; the local target's 2 s of silence would fail it.
    Object.assign(fx, await startExecServer({ execution: { notRespondingMs: 1000, failMs: 20_000 } }));
  });
  afterAll(async () => {
    await fx.server?.close();
    await cluster.down?.();
  });
  return { fx: fx as ExecFixture, cluster: cluster as PrivateCluster };
}
