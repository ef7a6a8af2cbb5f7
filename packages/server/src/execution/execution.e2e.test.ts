import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { followToEnd, startExecServer, submitScript, waitForRun, type ExecFixture } from './test-support/execution-fixture.js';

const TRAIN = `
import sys
from azureml.core import Run
run = Run.get_context()
for i in range(3):
    print("line", i)
    run.log("loss", 1.0 / (i + 1))
with open("outputs/model.txt", "w") as f:
    f.write("weights")
with open("logs/train.log", "w") as f:
    f.write("epoch done\\n")
print("to stderr", file=sys.stderr)
run.complete()
`;

describe('executing runs on the local target', () => {
  let fx: ExecFixture;
  beforeAll(async () => { fx = await startExecServer(); });
  afterAll(async () => { await fx?.server.close(); });

  it('runs a script that prints and logs metrics; logs, metrics, outputs and run files are stored', async () => {
    const submitted = await submitScript(fx, TRAIN);
    expect(submitted.status).toBe('Queued');
    const events = await followToEnd(fx, submitted.id);
    const run = await fx.ws.runs.get(submitted.id);
    expect(run.status, JSON.stringify(run.error)).toBe('Completed');
    const stdout = events.flatMap((e) => (e.event === 'line' && e.data.stream === 'stdout' ? [e.data.text] : []));
    expect(stdout).toEqual(['line 0', 'line 1', 'line 2']);
    expect(events.some((e) => e.event === 'line' && e.data.stream === 'stderr' && e.data.text === 'to stderr')).toBe(true);
    const statuses = events.flatMap((e) => (e.event === 'status' ? [e.data.status] : []));
    expect(statuses.at(-1)).toBe('Completed');
    const loss = await fx.ws.metrics.series(submitted.id, 'loss');
    expect(loss.points.value).toEqual([1, 0.5, 1 / 3]);
    const metricNames = (await fx.ws.metrics.list(submitted.id)).map((m) => m.name);
    expect(metricNames).toEqual(expect.arrayContaining(['loss', 'system.cpu_percent', 'system.memory_used_mb']));
    const files = (await fx.ws.files.list(submitted.id)).map((f) => f.path);
    expect(files).toEqual(expect.arrayContaining(['outputs/model.txt', 'logs/train.log']));
    const whole = await fx.ws.execution.logs(submitted.id, { stream: 'stdout' });
    expect(whole.items.map((l) => l.text)).toEqual(['line 0', 'line 1', 'line 2']);
  });

  it('fails a script that exits 2 with the exit code and the end of stderr', async () => {
    const submitted = await submitScript(fx, 'import sys\nprint("bad input: alpha", file=sys.stderr)\nsys.exit(2)\n');
    const run = await waitForRun(fx, submitted.id);
    expect(run.status).toBe('Failed');
    expect(run.error?.code).toBe('USER_SCRIPT_FAILED');
    expect(run.error?.message).toContain('exited with code 2');
    expect(run.error?.details).toMatchObject({ exitCode: 2, stderrTail: ['bad input: alpha'] });
  });
});
