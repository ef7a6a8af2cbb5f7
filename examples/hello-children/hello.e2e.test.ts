/** The hello-children example submitted with `cairn run submit-script`: one child run per greeting, each with its metrics. */
import { describe, expect } from 'vitest';
import { runCairn } from '../../packages/cli/src/test-support/run-cairn.js';
import { cliUserTest as it } from '../../packages/server/src/test-support/cli-user-test.js';

describe('examples/hello-children', () => {
  it('creates a tagged child per greeting under the submitted run and logs to each', async ({ dir, env, ws }) => {
    const result = await runCairn(['run', 'submit-script', 'hello.py', '--source-dir', import.meta.dirname, '-e', 'hello'], { env, cwd: dir });
    expect(result.code, result.stderr).toBe(0);
    const runId = /Submitted run (\S+)/.exec(result.stderr)![1]!;
    expect(result.stdout).toContain(`3 children of ${runId}`);
    const children = await ws.runs.children(runId);
    expect(children.map((c) => c.tags.greeting).sort()).toEqual(['bonjour', 'hallo', 'hello']);
    expect(children.every((c) => c.status === 'Completed' && c.parentRunId === runId)).toBe(true);
    const latest = await ws.metrics.latest(children.map((c) => c.id), ['length']);
    expect(children.map((c) => latest[c.id]!.length)).toEqual(children.map((c) => c.tags.greeting!.length));
    expect((await ws.metrics.latest([runId], ['children']))[runId]).toEqual({ children: 3 });
  });
});
