import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// @ts-expect-error: a plain ES module build script without types.
import { bundleRunner } from '../../../runner/bundle.mjs';
import { startExecServer, submitScript, waitForRun, type ExecFixture } from './test-support/execution-fixture.js';

describe('the bundled runner', () => {
  const dir = mkdtempSync(join(tmpdir(), 'cairn-bundle-'));
  let fx: ExecFixture;
  beforeAll(async () => {
    const runner = (await bundleRunner(dir)) as string;
    fx = await startExecServer({ execution: { runnerCommand: [process.execPath, runner] } });
  });
  afterAll(async () => {
    await fx?.server.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('runs a run from one file, with the Python packages shipped beside it', async () => {
    const run = await submitScript(fx, 'import azureml, cairn\nprint(azureml.__file__)\nprint(cairn.__file__)\n');
    const ended = await waitForRun(fx, run.id);
    expect(ended.status, JSON.stringify(ended.error)).toBe('Completed');
    const lines = (await fx.ws.execution.logs(run.id, { stream: 'stdout' })).items.map((l) => l.text);
    expect(lines).toEqual([join(dir, 'python', 'azureml', '__init__.py'), join(dir, 'python', 'cairn', '__init__.py')]);
  });
});
