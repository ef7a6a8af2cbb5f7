// `cairn run submit-script`, `run logs` and `run download --snapshot` as real processes against a real
// server that executes runs on its local compute target with Debian's Python.
import { execFileSync, spawn } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CairnClient, type WorkspaceClient } from '@cairn/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../../server/src/test-support/test-server.js';
import { rememberSnapshot } from '../snapshot/last-snapshot.js';
import { planSnapshot } from '../snapshot/snapshot-plan.js';
import { cleanEnv, runCairn, type CairnResult } from '../test-support/run-cairn.js';

let server: TestServer;
let dir: string;
let src: string;
let ws: WorkspaceClient;
let env: Record<string, string>;

const cairn = (args: string[]): Promise<CairnResult> => runCairn(args, { env, cwd: dir });
const submit = (args: string[]) => cairn(['run', 'submit-script', '--source-dir', 'src', ...args]);
const runIdOf = (stderr: string) => /Submitted run (\S+)/.exec(stderr)?.[1] ?? '';

beforeAll(async () => {
  server = await startTestServer({ logLevel: 'warn' });
  dir = await mkdtemp(join(tmpdir(), 'cairn-submit-'));
  src = join(dir, 'src');
  await mkdir(join(src, 'lib'), { recursive: true });
  await writeFile(join(src, 'train.py'), [
    'import sys', 'from lib.helper import twice', 'from azureml.core import Run',
    'print("first line", sys.argv[1:], flush=True)', 'print("a warning", file=sys.stderr, flush=True)',
    'run = Run.get_context()', 'run.log("doubled", twice(21))', 'print("done", flush=True)', '',
  ].join('\n'));
  await writeFile(join(src, 'lib/__init__.py'), '');
  await writeFile(join(src, 'lib/helper.py'), 'def twice(x):\n    return 2 * x\n');
  await writeFile(join(src, 'fail.py'), 'import sys\nprint("starting", flush=True)\nprint("ValueError: alpha must be positive", file=sys.stderr)\nsys.exit(3)\n');
  await writeFile(join(src, 'slow.py'), 'import time\nprint("waiting", flush=True)\ntime.sleep(60)\n');
  await writeFile(join(src, '.amlignore'), 'data/\n');
  await mkdir(join(src, 'data'));
  await writeFile(join(src, 'data/big.bin'), Buffer.alloc(3 * 1024 * 1024, 1));
  const git = (...args: string[]) => execFileSync('git', args, { cwd: src });
  git('init', '-q', '-b', 'main');
  git('-c', 'user.email=t@e.x', '-c', 'user.name=T', 'commit', '-q', '--allow-empty', '-m', 'init');
  git('remote', 'add', 'origin', 'https://user:hunter2@git.example.com/ml/repo.git');
  const configPath = join(dir, 'cli.json');
  await writeFile(configPath, JSON.stringify({ url: server.url, token: server.ownerToken, workspace: 'default' }));
  env = { CAIRN_CONFIG: configPath, CAIRN_CACHE_DIR: join(dir, 'cache') };
  ws = new CairnClient({ url: server.url, token: server.ownerToken }).workspace('default');
});

afterAll(async () => {
  await server?.close();
  await rm(dir, { recursive: true, force: true });
});

describe('cairn run submit-script', () => {
  it('uploads the code, streams the script output live and exits 0 when the run completes', async () => {
    const result = await submit(['train.py', '-e', 'submit-e2e', '--tag', 'team=ml', '--', '--alpha', '0.5']);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain("first line ['--alpha', '0.5']");
    expect(result.stdout).toContain('done');
    expect(result.stderr).toMatch(/Snapshot of .*src: 6 files, .*leaving out what \.amlignore lists/);
    expect(result.stderr).toContain('a warning');
    expect(result.stderr).toContain('status: Running');
    expect(result.stderr).toMatch(/Run \S+ Completed/);
    const run = await ws.runs.get(runIdOf(result.stderr));
    expect(run).toMatchObject({ status: 'Completed', tags: { team: 'ml' } });
    expect(run.properties).toMatchObject({ 'azureml.git.repository_uri': 'https://git.example.com/ml/repo.git', 'cairn.git.branch': 'main', 'azureml.git.dirty': 'True' });
    expect(JSON.stringify(run.properties)).not.toContain('hunter2');
    // The helper module beside the script was importable, and the azureml package logged through the run.
    expect(await ws.metrics.latest([run.id], ['doubled'])).toEqual({ [run.id]: { doubled: 42 } });
  });

  it('re-submitting an unchanged directory uploads nothing; a changed file uploads that file only', async () => {
    const again = await submit(['train.py', '-e', 'submit-e2e', '--detach']);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stderr).toContain('Uploaded nothing: the snapshot is unchanged since the last submit');
    await writeFile(join(src, 'lib/helper.py'), 'def twice(x):\n    return x + x\n');
    const changed = await submit(['train.py', '-e', 'submit-e2e', '--detach']);
    expect(changed.stderr).toMatch(/Uploaded 1 file \(\d+ B\)/);
  });

  it('a remembered snapshot the server does not have is recorded again, sending no file it holds', async () => {
    process.env.CAIRN_CACHE_DIR = env.CAIRN_CACHE_DIR;
    const plan = await planSnapshot(src, 300);
    await rememberSnapshot(plan, { server: server.url, workspace: 'default' }, 'f'.repeat(64));
    const result = await submit(['train.py', '-e', 'submit-e2e', '--detach']);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toContain('Uploaded nothing: the server holds every file already');
  });

  it('exits 7 with the run error when the script fails', async () => {
    const result = await submit(['fail.py', '-e', 'submit-e2e']);
    expect(result.code).toBe(7);
    expect(result.stdout).toContain('starting');
    expect(result.stderr).toMatch(/error RUN_NOT_COMPLETED: run \S+ ended Failed: \S+: .*code 3.*ValueError: alpha must be positive/s);
  });

  it('--detach prints the run; run logs --follow then shows it live to the end; run logs prints it whole', async () => {
    const detached = await submit(['train.py', '-e', 'submit-e2e', '--detach', '-o', 'json']);
    expect(detached.code).toBe(0);
    const run = JSON.parse(detached.stdout) as { id: string; status: string };
    expect(['NotStarted', 'Queued', 'Preparing', 'Running']).toContain(run.status);
    const followed = await cairn(['run', 'logs', run.id, '--follow']);
    expect(followed.code, followed.stderr).toBe(0);
    expect(followed.stdout).toContain('first line []');
    expect(followed.stderr).toContain('status: Completed');
    const whole = await cairn(['run', 'logs', run.id]);
    expect(whole.stdout.split('\n')).toEqual(expect.arrayContaining(['first line []', 'done']));
    const json = await cairn(['run', 'logs', run.id, '-o', 'json']);
    expect(json.stdout.trim().split('\n').map((l) => JSON.parse(l) as { stream: string; text: string })).toContainEqual(expect.objectContaining({ stream: 'stderr', text: 'a warning' }));
  });

  it('Ctrl-C stops following, says how to follow or cancel, and the run goes on', async () => {
    const bin = fileURLToPath(new URL('../../bin/cairn.js', import.meta.url));
    const child = spawn(process.execPath, [bin, 'run', 'submit-script', 'slow.py', '-e', 'submit-e2e', '--source-dir', 'src'], { cwd: dir, env: cleanEnv(env) });
    let stdout = '';
    let stderr = '';
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    await new Promise<void>((resolve) => child.stdout.on('data', (c: Buffer) => ((stdout += c.toString()).includes('waiting') ? resolve() : undefined)));
    child.kill('SIGINT');
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(code).toBe(130);
    const id = runIdOf(stderr);
    expect(stderr).toContain(`cairn run logs ${id} --follow`);
    expect(stderr).toContain(`cairn run cancel ${id}`);
    expect((await ws.runs.get(id)).status).toBe('Running');
    await ws.runs.cancel(id);
  });

  it('run download --snapshot writes the code the run executed', async () => {
    const run = (await ws.runs.list({ experiment: 'submit-e2e', filter: "status = 'Completed'" })).items[0]!;
    const result = await cairn(['run', 'download', run.id, '--snapshot', '-o', 'code']);
    expect(result.code, result.stderr).toBe(0);
    expect(await readFile(join(dir, 'code/lib/helper.py'), 'utf8')).toContain('def twice');
    expect(await readFile(join(dir, 'code/.amlignore'), 'utf8')).toBe('data/\n');
    expect((await cairn(['run', 'download', run.id, '--snapshot', '-o', 'code'])).code).toBe(5);
  });
});

describe('cairn run submit-script refuses bad input before creating a run', () => {
  it.each([
    [['missing.py'], 2, 'error SCRIPT_NOT_FOUND: script missing.py does not exist in the source directory'],
    [['../outside.py'], 2, 'error SCRIPT_OUTSIDE_SOURCE_DIR: script ../outside.py is outside the source directory'],
    [['train.py', '--max-snapshot-mb', '1', '--run-config', 'none'], 2, 'error INVALID_RUN_CONFIG: none: not found'],
    [['train.py', '--run-config', 'bad.yml'], 2, 'error INVALID_RUN_CONFIG: bad.yml: field distribution.type: Invalid option'],
    [['train.py', '--compute', 'gpu-cluster'], 3, 'error COMPUTE_TARGET_NOT_FOUND:'],
    [['train.py', '--environment', 'no-such-env:3'], 3, 'error ENVIRONMENT_NOT_FOUND:'],
    [['train.py', '--environment', 'no-such-env'], 3, 'error ENVIRONMENT_NOT_FOUND:'],
  ])('%j exits %i', async (args, code, message) => {
    await writeFile(join(dir, 'bad.yml'), 'script: train.py\ndistribution: {type: horovod}\n');
    const result = await submit([...args, '-e', 'refused']);
    expect(result.code).toBe(code);
    expect(result.stderr).toContain(message);
    expect(result.stderr).not.toContain('Snapshot of');
    expect(result.stderr).not.toContain('Submitted run');
  });

  it('a missing source directory, and a snapshot over the limit listing its largest files', async () => {
    const missing = await cairn(['run', 'submit-script', 'train.py', '-e', 'refused', '--source-dir', 'nope']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('error SOURCE_DIR_NOT_FOUND: source directory nope does not exist');
    await writeFile(join(src, '.amlignore'), '');
    const large = await submit(['train.py', '-e', 'refused', '--max-snapshot-mb', '2']);
    await writeFile(join(src, '.amlignore'), 'data/\n');
    expect(large.code).toBe(2);
    expect(large.stderr).toMatch(/error SNAPSHOT_TOO_LARGE: .* over the limit of 2 MB; the largest files:\n\s+3\.0 MiB\s+data\/big\.bin/);
    expect(large.stderr).toContain('hint: leave files out by listing them');
    const experiments = await ws.experiments.list();
    expect(experiments.map((e) => e.name)).not.toContain('refused');
  });
});
