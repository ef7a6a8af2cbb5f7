/**
 * The sklearn-diabetes example submitted with `cairn run submit-script` as a user would, against a
 * real server running it on the local target with Debian's python3-sklearn.
 */
import { describe, expect } from 'vitest';
import { runCairn } from '../../packages/cli/src/test-support/run-cairn.js';
import { cliUserTest as it } from '../../packages/server/src/test-support/cli-user-test.js';

describe('examples/sklearn-diabetes', () => {
  it('fits one Ridge model per alpha, logs each, and keeps one model file per alpha in outputs', async ({ dir, env, ws }) => {
    const args = ['run', 'submit-script', 'train.py', '--source-dir', import.meta.dirname, '-e', 'diabetes', '--', '--alphas', '0.1', '0.5', '1.0'];
    const result = await runCairn(args, { env, cwd: dir });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain('diabetes data: 353 training rows, 89 test rows');
    expect(result.stderr).toMatch(/Snapshot of .*: \d+ files, .*leaving out what \.amlignore lists/);
    const runId = /Submitted run (\S+)/.exec(result.stderr)![1]!;
    const run = await ws.runs.get(runId);
    expect(run.status).toBe('Completed');
    // The helper module travelled with the script; this test file stayed out (.amlignore).
    const code = (await ws.snapshots.get(run.properties.snapshotId!)).files.map((f) => f.path);
    expect(code).toEqual(expect.arrayContaining(['.amlignore', 'diabetes_data.py', 'train.py']));
    expect(code).not.toContain('train.e2e.test.ts');
    const files = (await ws.files.list(runId, 'outputs/')).map((f) => f.path);
    expect(files).toEqual(['outputs/ridge_0.1.pkl', 'outputs/ridge_0.5.pkl', 'outputs/ridge_1.0.pkl']);
    const alpha = await ws.metrics.series(runId, 'alpha');
    expect(JSON.stringify(alpha)).toMatch(/0\.1.*0\.5.*1/);
    const latest = (await ws.metrics.latest([runId], ['best_mse', 'mse']))[runId]!;
    expect(latest.best_mse).toBeGreaterThan(2000);
    expect(latest.best_mse).toBeLessThan(4000);
    expect(Number(run.tags.best_alpha)).toBeGreaterThan(0);
  });
});
