// A submitted run reads a dataset and writes an output registered as a new version: the runner
// downloads (and for `mount` on a local datastore, links) inputs, fills {inputs.NAME}, uploads
// outputs after the script, and both versions show the run in their lineage.
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startExecServer, submitScript, waitForRun, type ExecFixture } from '../execution/test-support/execution-fixture.js';

const SCRIPT = `
import os, sys
src, out = sys.argv[1], sys.argv[2]
assert src == os.environ["CAIRN_INPUT_raw"], (src, os.environ["CAIRN_INPUT_raw"])
total = 0
for root, _, files in os.walk(src):
    for f in sorted(files):
        total += sum(int(line) for line in open(os.path.join(root, f)) if line.strip())
with open(os.path.join(out, "sum.txt"), "w") as fh:
    fh.write(str(total))
print("linked" if os.path.islink(os.path.join(src, "nums", "a.txt")) else "copied")
`;

describe('datasets in runs', () => {
  let fx: ExecFixture;
  let dir: string;
  beforeAll(async () => {
    fx = await startExecServer();
    dir = await mkdtemp(join(tmpdir(), 'cairn-run-data-'));
    await mkdir(join(dir, 'nums'), { recursive: true });
    await writeFile(join(dir, 'nums', 'a.txt'), '1\n2\n');
    await writeFile(join(dir, 'nums', 'b.txt'), '39\n');
    await fx.ws.datastores.register({ type: 'local', name: 'lake', path: dir });
    await fx.ws.datasets.create({ name: 'numbers', datastore: 'lake', path: 'nums' });
  }, 60_000);
  afterAll(async () => {
    await fx?.server.close();
    await rm(dir, { recursive: true, force: true });
  });

  for (const mode of ['download', 'mount'] as const) {
    it(`reads an input (${mode}) and registers its output as a new version, with lineage both ways`, async () => {
      const run = await submitScript(fx, SCRIPT, {
        arguments: ['{inputs.raw}', '{outputs.result}'],
        inputs: { raw: { dataset: 'numbers:1', mode } },
        outputs: { result: { datastore: 'workspaceblobstore', path: 'results/{run-id}', register: 'sums' } },
      });
      const ended = await waitForRun(fx, run.id);
      const log = (await fx.ws.execution.logs(run.id)).items?.map((l: { text: string }) => l.text).join('\n');
      expect(ended.status, log).toBe('Completed');
      expect(log).toContain(mode === 'mount' ? 'linked' : 'copied');
      const sums = await fx.ws.datasets.get('sums');
      expect(sums).toMatchObject({ datastore: 'workspaceblobstore', path: `results/${run.id}`, fileCount: 1, sample: [`results/${run.id}/sum.txt`] });
      expect(sums.lineage).toEqual([{ runId: run.id, direction: 'output', name: 'result' }]);
      const body = await fx.ws.datastores.download('workspaceblobstore', `results/${run.id}/sum.txt`);
      expect(Buffer.concat(await body.toArray()).toString()).toBe('42');
      expect((await fx.ws.datasets.get('numbers:1')).lineage).toContainEqual({ runId: run.id, direction: 'input', name: 'raw' });
    }, 60_000);
  }

  it('fails the run with DATA_INPUT_FAILED for an unknown dataset, before the script runs', async () => {
    const run = await submitScript(fx, 'print("never")', { inputs: { raw: { dataset: 'nope:9', mode: 'download' } } });
    const ended = await waitForRun(fx, run.id);
    expect(ended.status).toBe('Failed');
    expect(ended.error).toMatchObject({ code: 'DATA_INPUT_FAILED', message: expect.stringContaining('nope:9') });
  }, 60_000);
});
