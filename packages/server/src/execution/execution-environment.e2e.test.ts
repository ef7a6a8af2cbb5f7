import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { followToEnd, startExecServer, submitScript, type ExecFixture } from './test-support/execution-fixture.js';

describe('a run whose environment cannot be built', () => {
  let fx: ExecFixture;
  // A build loads the machine; heartbeat limits stay out of the way of what is tested here.
  beforeAll(async () => { fx = await startExecServer({ execution: { notRespondingMs: 10_000, failMs: 30_000 } }); });
  afterAll(async () => { await fx?.server.close(); });

  it('says it builds the environment, then fails with ENVIRONMENT_BUILD_FAILED, pip output in its log and the build recorded', async () => {
    const definition = {
      python: {}, pip: ['definitely-not-a-package-cairn==1.0'], pipOptions: ['--no-index'], conda: null, variables: {}, docker: null, systemSitePackages: true,
    };
    const { environment } = await fx.ws.environments.create('broken', definition);
    const run = await submitScript(fx, 'print("never")\n', { environment: `broken:${environment.version}` });
    const events = await followToEnd(fx, run.id);
    const reasons = events.flatMap((e) => (e.event === 'status' ? [e.data.statusReason] : []));
    expect(reasons, JSON.stringify(reasons)).toContain(`building environment broken:${environment.version}`);
    const ended = await fx.ws.runs.get(run.id);
    expect(ended.status).toBe('Failed');
    expect(ended.error?.code).toBe('ENVIRONMENT_BUILD_FAILED');
    const system = events.flatMap((e) => (e.event === 'line' && e.data.stream === 'system' ? [e.data.text] : []));
    expect(system.join('\n')).toContain('definitely-not-a-package-cairn');
    expect(events.some((e) => e.event === 'line' && e.data.text === 'never')).toBe(false);
    const builds = await fx.ws.environments.builds('broken', environment.version);
    expect(builds).toMatchObject([{ status: 'Failed', runId: run.id }]);
  });
});
