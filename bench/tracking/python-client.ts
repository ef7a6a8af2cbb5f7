/**
 * The Python client (python/cairn, through the v1 `azureml.core.Run` API): a training loop logging
 * 100,000 points — time until the loop ends and until every point is durable — beside a loop that only
 * appends to a Python list.
 */
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import type { BenchRow } from '../harness.js';
import type { BenchServer } from '../support/server.js';

const PYTHON = '/usr/bin/python3';
const POINTS = 100_000;

interface Timings {
  loop: number;
  durable: number;
  floor: number;
}

/** Runs python_log.py against `runId` and checks that the server holds every point afterwards. */
export async function pythonClient(server: BenchServer, runId: string, log: (line: string) => void): Promise<BenchRow[]> {
  log(`python client: logging ${POINTS.toLocaleString('en-US')} points with run.log`);
  const script = fileURLToPath(new URL('./python_log.py', import.meta.url));
  const env = {
    PATH: process.env.PATH ?? '/usr/bin:/bin', PYTHONPATH: fileURLToPath(new URL('../../python', import.meta.url)),
    CAIRN_URL: server.url, CAIRN_RUN_ID: runId, CAIRN_RUN_TOKEN: server.token, CAIRN_WORKSPACE: 'default', CAIRN_EXPERIMENT: 'bench-python',
  };
  const { stdout } = await promisify(execFile)(PYTHON, [script], { env });
  const t = JSON.parse(stdout.trim().split('\n').pop()!) as Timings;
  await expectStored(server, runId);
  const floor = { name: 'loop appending to a list', value: t.floor * 1000, unit: 'ms' };
  return [
    { name: 'python: 100k run.log calls, until the loop ends', measured: { value: t.loop * 1000, unit: 'ms' }, baseline: floor, target: { op: '<', value: 1000, unit: 'ms' } },
    { name: 'python: 100k run.log calls, until durable (run.flush())', measured: { value: t.durable * 1000, unit: 'ms' }, baseline: floor },
  ];
}

async function expectStored(server: BenchServer, runId: string): Promise<void> {
  const res = await fetch(`${server.api}/workspaces/default/runs/${runId}/metrics`, { headers: { authorization: `Bearer ${server.token}` } });
  const { items } = (await res.json()) as { items: { name: string; count: number }[] };
  const count = items.find((m) => m.name === 'loss')?.count;
  if (count !== POINTS) throw new Error(`the server holds ${count} points of loss after flush, not ${POINTS}`);
}
