/**
 * The azureml Dataset APIs against a real Cairn server, from a script with a run context:
 * get_by_name (a version and latest), to_path, download (refusing to overwrite), the profile,
 * to_pandas_dataframe of CSV and Parquet (through the server's CSV) when pandas is installed, DatasetNotFoundException and run.input_datasets.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parquetWriteBuffer } from 'hyparquet-writer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../packages/server/src/test-support/test-server.js';
import { lastJson, python, runPython, script } from './test-support/python-process.js';

let server: TestServer;
let work: string;
const hasPandas = (() => {
  try {
    execFileSync(python, ['-c', 'import pandas'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

async function call(method: string, path: string, body: unknown): Promise<any> {
  const res = await fetch(`${server.url}/api/v1/workspaces/default${path}`, {
    method, headers: { authorization: `Bearer ${server.ownerToken}`, 'content-type': 'application/json' }, body: JSON.stringify(body),
  });
  return res.json();
}

beforeAll(async () => {
  server = await startTestServer({ logLevel: 'warn' });
  work = mkdtempSync(join(tmpdir(), 'cairn-py-datasets-'));
  mkdirSync(join(work, 'lake', 'nums'), { recursive: true });
  writeFileSync(join(work, 'lake', 'nums', 'a.txt'), '1\n2\n');
  writeFileSync(join(work, 'lake', 't.csv'), 'x,y\n1,a\n2,b\n4,\n');
  const columnData = [{ name: 'age', data: [31, 45], type: 'INT32' as const }, { name: 'city', data: ['Oslo', 'Lima, Peru'], type: 'STRING' as const }];
  writeFileSync(join(work, 'lake', 'p.parquet'), Buffer.from(parquetWriteBuffer({ columnData })));
  await call('POST', '/datastores', { type: 'local', name: 'lake', path: join(work, 'lake') });
  await call('POST', '/datasets', { name: 'numbers', datastore: 'lake', path: 'nums' });
  await call('POST', '/datasets', { name: 'table', kind: 'tabular', datastore: 'lake', path: 't.csv' });
  await call('POST', '/datasets', { name: 'pq', kind: 'tabular', datastore: 'lake', path: 'p.parquet' });
  await server.datasets.idle();
});
afterAll(async () => {
  await server?.close();
  rmSync(work, { recursive: true, force: true });
});

describe('azureml Dataset', () => {
  it('gets versions, lists paths, downloads, profiles and reads a table as v1 does', async () => {
    const runId = (await call('POST', '/runs', { experiment: 'py-datasets', status: 'Running' })).id;
    const env = {
      CAIRN_URL: server.url, CAIRN_RUN_ID: runId, CAIRN_RUN_TOKEN: await server.tokenFor('Data Scientist'), CAIRN_WORKSPACE: 'default',
      CAIRN_EXPERIMENT: 'py-datasets', CAIRN_RUN_SUBMITTED: '1', CAIRN_INPUT_DATASETS: JSON.stringify({ raw: { id: 'numbers:1', path: '/data/raw' } }),
    };
    const result = await runPython([script('datasets_flow.py')], env, { cwd: work });
    expect(result.code, `stdout:\n${result.stdout}\nstderr:\n${result.stderr}`).toBe(0);
    const seen = lastJson<any>(result);
    expect(seen).toMatchObject({ id: 'numbers:1', to_path: ['/nums/a.txt'], download: ['nums/a.txt'], content: '1\n2\n', again: 'UserErrorException', latest: 1, rows: 3 });
    expect(seen.missing).toMatch(/no dataset numbers:9/);
    expect(seen.inputs).toEqual({ raw: '/data/raw' });
    expect(seen.frame).toEqual(hasPandas ? { columns: ['x', 'y'], rows: 3, sum: 7 } : 'no pandas');
    if (hasPandas) expect(seen.parquet).toEqual({ columns: ['age', 'city'], ages: [31, 45], cities: ['Oslo', 'Lima, Peru'] });
  });
});
