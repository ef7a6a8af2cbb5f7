/**
 * Re-submitting a 2,000-file / 300 MB directory: the snapshot step (hash with the cache, ask which
 * blobs are missing, upload, record) timed in-process, unchanged and after changing one file, and the
 * whole `cairn run submit-script --detach` beside it.
 */
import { randomBytes } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { CairnClient } from '@cairn/sdk';
import { planSnapshot } from '../../packages/cli/src/snapshot/snapshot-plan.js';
import { uploadSnapshot } from '../../packages/cli/src/snapshot/upload-snapshot.js';
import type { BenchRow } from '../harness.js';
import type { BenchServer } from '../support/server.js';
import { runCli } from './cli-process.js';
import { FIRST_LINE, writeTree } from './source-tree.js';

const FILES = 2000;
const FILE_BYTES = 150 * 1024;
const silent = { update() {}, stop() {} };

interface Pass {
  ms: number;
  bytesSent: number;
  filesRead: number;
}

async function snapshotPass(server: BenchServer, dir: string): Promise<Pass> {
  const workspace = new CairnClient({ url: server.url, token: server.token }).workspace('default');
  const t0 = performance.now();
  const plan = await planSnapshot(dir, 300, () => {});
  const { bytesSent } = await uploadSnapshot(workspace, plan, silent);
  return { ms: performance.now() - t0, bytesSent, filesRead: plan.filesRead };
}

/** The snapshot rows; `dir` is created empty by the caller. */
export async function snapshotResubmit(server: BenchServer, dir: string, env: NodeJS.ProcessEnv, log: (line: string) => void): Promise<BenchRow[]> {
  log(`snapshot: writing ${FILES} files, ${(FILES * FILE_BYTES / 1024 / 1024).toFixed(0)} MiB`);
  await writeTree(dir, FILES - 1, FILE_BYTES);
  await writeFile(join(dir, 'first.py'), FIRST_LINE);
  process.env.CAIRN_CACHE_DIR = env.CAIRN_CACHE_DIR;
  const first = await snapshotPass(server, dir);
  log(`snapshot: first upload ${first.ms.toFixed(0)} ms, ${first.bytesSent} bytes`);
  const unchanged = await snapshotPass(server, dir);
  await writeFile(join(dir, 'pkg/group00/file0.bin'), randomBytes(FILE_BYTES));
  const changed = await snapshotPass(server, dir);
  const t0 = performance.now();
  const cli = await runCli(['run', 'submit-script', 'first.py', '-e', 'bench-snapshot', '--source-dir', dir, '--detach'], env);
  const cliMs = performance.now() - t0;
  if (!cli.stderr.includes('Uploaded nothing')) throw new Error(`the CLI re-submit uploaded something:\n${cli.stderr}`);
  const notes = `${FILES} files, ${(FILES * FILE_BYTES / 1024 / 1024).toFixed(0)} MiB; hash cache warm`;
  return [
    { name: 'snapshot: first upload of 2,000 files / 300 MB', measured: { value: first.ms, unit: 'ms' }, notes: `${first.bytesSent} bytes sent` },
    { name: 'snapshot: re-submit unchanged, time', measured: { value: unchanged.ms, unit: 'ms' }, target: { op: '<', value: 1000, unit: 'ms' }, notes: `${notes}; ${unchanged.filesRead} files re-read` },
    { name: 'snapshot: re-submit unchanged, bytes sent', measured: { value: unchanged.bytesSent, unit: 'B' }, target: { op: '<', value: 1, unit: 'B' } },
    { name: 'snapshot: after changing one file, time', measured: { value: changed.ms, unit: 'ms' }, notes: `${changed.filesRead} file re-read` },
    { name: 'snapshot: after changing one file, bytes sent', measured: { value: changed.bytesSent, unit: 'B' }, baseline: { name: 'one file', value: FILE_BYTES, unit: 'B' }, target: { op: '<', value: FILE_BYTES + 1, unit: 'B' } },
    { name: 'submit-script --detach of the unchanged directory (whole CLI)', measured: { value: cliMs, unit: 'ms' }, notes: 'node start, hashing, upload check, submit' },
  ];
}
