/**
 * Runner delivery to Slurm nodes: the job script fetches the server's runner bundle with the run
 * token into the target's runner cache, by version, and later jobs start the cached copy.
 */
import { mkdtempSync, readdirSync, renameSync, existsSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CairnError } from '@cairn/sdk';
import { submitScript, waitForRun } from '../execution/test-support/execution-fixture.js';
import { usePrivateSlurm } from '../test-support/private-slurm.js';

describe('the runner delivered to Slurm nodes', () => {
  const cache = mkdtempSync(join(tmpdir(), 'cairn-node-cache-'));
  const { fx } = usePrivateSlurm();

  it('fetches the bundle into the runner cache by version once, and later runs start the cached copy', async () => {
    await fx.ws.compute.create({ name: 'fresh', type: 'slurm', settings: { partition: 'debug', runnerCache: cache } });
    const first = await submitScript(fx, 'import azureml\nprint(azureml.__file__, flush=True)\n', { compute: 'fresh' });
    expect((await waitForRun(fx, first.id, undefined, 60_000)).status).toBe('Completed');
    const [version, ...others] = readdirSync(join(cache, 'runner'));
    expect(others).toEqual([]);
    expect(version).toMatch(/^[0-9a-f]{16}$/);
    const dir = join(cache, 'runner', version!);
    // The Python packages come from the bundle, not from the repository.
    expect((await fx.ws.execution.logs(first.id, { stream: 'stdout' })).items.map((l) => l.text)).toEqual([join(dir, 'python', 'azureml', '__init__.py')]);
    // A wrapper leaves a mark when the cached runner starts: a fetch would not go through it.
    renameSync(join(dir, 'cairn-runner.mjs'), join(dir, 'real-runner.mjs'));
    writeFileSync(join(dir, 'cairn-runner.mjs'), `import { writeFileSync } from 'node:fs';\nwriteFileSync(${JSON.stringify(join(cache, 'cached-start'))}, '');\nawait import('./real-runner.mjs');\n`);
    const second = await submitScript(fx, 'print("second", flush=True)\n', { compute: 'fresh' });
    expect((await waitForRun(fx, second.id, undefined, 60_000)).status).toBe('Completed');
    expect(existsSync(join(cache, 'cached-start'))).toBe(true);
    const stale = await fx.ws.compute.runnerBundle(second.id, '0123456789abcdef').then(() => null, (e: unknown) => e);
    expect(stale).toBeInstanceOf(CairnError);
    expect((stale as CairnError).code).toBe('RUNNER_BUNDLE_NOT_FOUND');
  });
});
