import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { systemPython } from './environment/python.js';
import { launcherArgs, WaitingLauncher } from './rank-launcher.js';

const cwd = mkdtempSync(join(tmpdir(), 'cairn-launcher-'));
const SCRIPT = 'import os, sys; print(os.getcwd(), os.environ.get("RUN_VAR"), sys.argv[1:], sys.stdin.read() == ""); sys.exit(3)';

function outcome(child: ReturnType<typeof spawn>): Promise<{ out: string; code: number | null }> {
  let out = '';
  child.stdout!.on('data', (chunk: Buffer) => (out += chunk.toString()));
  return new Promise((resolve) => child.once('close', (code) => resolve({ out, code })));
}

describe('the rank launcher', () => {
  afterAll(() => rmSync(cwd, { recursive: true, force: true }));

  it('runs the script with its arguments, variables and directory, and passes its exit on, started cold or waiting', async () => {
    const python = systemPython();
    const cold = spawn(python, launcherArgs(['-c', SCRIPT, 'a']), { cwd, env: { ...process.env, RUN_VAR: 'x' }, stdio: ['ignore', 'pipe', 'pipe'] });
    const waiting = new WaitingLauncher(python).launch({ python, args: ['-c', SCRIPT, 'a'], env: { PATH: process.env.PATH, RUN_VAR: 'x' }, cwd });
    expect(waiting).not.toBeNull();
    const expected = { out: `${cwd} x ['a'] True\n`, code: 3 };
    expect(await outcome(cold)).toEqual(expected);
    expect(await outcome(waiting!)).toEqual(expected);
  });

  it('says when the interpreter cannot be started, and a closed launcher starts nothing', async () => {
    const launcher = new WaitingLauncher(systemPython());
    const child = launcher.launch({ python: join(cwd, 'no-python'), args: [], env: {}, cwd })!;
    let err = '';
    child.stderr!.on('data', (chunk: Buffer) => (err += chunk.toString()));
    expect((await outcome(child)).code).toBe(127);
    expect(err).toContain('could not start');
    const closed = new WaitingLauncher(systemPython());
    closed.close();
    expect(closed.launch({ python: 'python3', args: [], env: {}, cwd })).toBeNull();
  });
});
