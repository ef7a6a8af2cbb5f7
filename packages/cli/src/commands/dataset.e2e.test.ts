// `cairn datastore …` and `cairn dataset …` as real processes against a real server: an S3 datastore
// (s3rver) whose key lives in the vault, uploads that resume, versioned datasets, profiles and errors.
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CairnClient } from '@cairn/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { S3_KEY_ID, S3_SECRET, startS3rver, type ProtocolServer } from '../../../server/src/blobs/test-support/protocol-servers.js';
import { startTestServer, type TestServer } from '../../../server/src/test-support/test-server.js';
import { boundCairn, runCairn } from '../test-support/run-cairn.js';

let server: TestServer;
let s3: ProtocolServer;
let dir: string;

const { run: cairn, json } = boundCairn(() => ({ url: server.url, token: server.ownerToken, dir }));

beforeAll(async () => {
  [server, s3] = await Promise.all([startTestServer({ logLevel: 'warn' }), startS3rver(['lake'])]);
  dir = await mkdtemp(join(tmpdir(), 'cairn-dataset-cli-'));
  await new CairnClient({ url: server.url, token: server.ownerToken }).workspace('default').secrets.set('lake-key', `${S3_KEY_ID}:${S3_SECRET}`);
  await mkdir(join(dir, 'src', 'csv'), { recursive: true });
  await writeFile(join(dir, 'src', 'csv', 'a.csv'), 'x,label\n1,cat\n2,dog\n3,cat\n');
  await writeFile(join(dir, 'src', 'csv', 'b.csv'), 'x,label\n10,cat\n');
  await writeFile(join(dir, 'src', 'readme.txt'), 'about the data');
});

afterAll(async () => {
  await server?.close();
  await s3?.close();
  await rm(dir, { recursive: true, force: true });
});

describe('cairn datastore and dataset', () => {
  it('registers an S3 datastore by secret name and never shows the key', async () => {
    const made = await json(['datastore', 'register', 'lake', '--type', 's3', '--endpoint', s3.endpoint, '--bucket', 'lake', '--key-secret', 'lake-key']);
    expect(made).toMatchObject({ name: 'lake', type: 's3', secretNames: ['lake-key'], location: { bucket: 'lake', endpoint: s3.endpoint } });
    const shown = await cairn(['datastore', 'show', 'lake']);
    expect(shown.stdout).toContain('lake-key');
    expect(shown.stdout).not.toContain(S3_SECRET);
    expect((await json(['datastore', 'list'])).map((d: { name: string }) => d.name)).toEqual(['lake', 'workspaceblobstore']);
  });

  it('uploads a folder, skips what is already there, and downloads it back', async () => {
    const first = await cairn(['datastore', 'upload', 'lake', join(dir, 'src'), '--target', 'raw']);
    expect(first.code).toBe(0);
    expect(first.stderr).toContain('Uploaded 3 file(s) to lake');
    const again = await cairn(['datastore', 'upload', 'lake', join(dir, 'src'), '--target', 'raw']);
    expect(again.stderr).toContain('Uploaded 0 file(s) to lake, 3 already there');
    const down = await cairn(['datastore', 'download', 'lake', join(dir, 'back'), '--prefix', 'raw/csv/']);
    expect(down.code).toBe(0);
    expect(await readFile(join(dir, 'back', 'raw', 'csv', 'a.csv'), 'utf8')).toContain('2,dog');
  });

  it('creates versions by content, shows the tabular profile, diffs, and names bad input', async () => {
    expect(await json(['dataset', 'create', 'pets', '--datastore', 'lake', '--path', 'raw/csv/*.csv', '--tabular'])).toMatchObject({ id: 'pets:1', fileCount: 2, created: true });
    const same = await cairn(['dataset', 'create', 'pets', '--datastore', 'lake', '--path', 'raw/csv/*.csv', '--tabular']);
    expect(same.stderr).toContain('Files unchanged: pets:1 already records them');
    await server.datasets.idle();
    const shown = await cairn(['dataset', 'show', 'pets:1']);
    expect(shown.stdout).toContain('Profile: Completed, 4 rows');
    expect(shown.stdout).toMatch(/label\s+string\s+0\s+2\s+cat\(3\) dog\(1\)/);
    await writeFile(join(dir, 'src', 'csv', 'b.csv'), 'x,label\n10,cat\n11,cow\n');
    await cairn(['datastore', 'upload', 'lake', join(dir, 'src'), '--target', 'raw']);
    expect(await json(['dataset', 'create', 'pets', '--datastore', 'lake', '--path', 'raw/csv/*.csv', '--tabular'])).toMatchObject({ id: 'pets:2' });
    expect(await json(['dataset', 'diff', 'pets:1', 'pets:2'])).toMatchObject({ changed: ['raw/csv/b.csv'], unchanged: 1 });
    const none = await cairn(['dataset', 'create', 'pets', '--datastore', 'lake', '--path', 'raw/*.parquet']);
    expect(none.code).toBe(1);
    expect(none.stderr).toContain('error NO_MATCHING_FILES');
    const escape = await cairn(['dataset', 'create', 'pets', '--datastore', 'lake', '--path', '../x/*']);
    expect(escape.stderr).toContain('error PATH_ESCAPES_DATASTORE');
  });

  it('submits a run reading a dataset input and registering its output (--input, --output NAME=…)', async () => {
    await mkdir(join(dir, 'job'), { recursive: true });
    await writeFile(join(dir, 'job', 'count.py'), 'import os, sys\nn = sum(len(open(os.path.join(r, f)).read().splitlines()) - 1 for r, _, fs in os.walk(sys.argv[1]) for f in fs)\nopen(os.path.join(sys.argv[2], "n.txt"), "w").write(str(n))\n');
    // Script arguments come after --, so the connection flags go before them.
    const run = await runCairn(['run', 'submit-script', 'count.py', '--source-dir', join(dir, 'job'), '-e', 'data-cli', '--input', 'pets=dataset:pets:2',
      '--output', 'counts=datastore:lake/counts/{run-id}/,register=pet-counts', '--url', server.url, '--token', server.ownerToken,
      '--', '{inputs.pets}', '{outputs.counts}'], { env: { CAIRN_CONFIG: join(dir, 'config.json') }, cwd: dir });
    expect(run.code, run.stderr).toBe(0);
    const counts = await json(['dataset', 'show', 'pet-counts']);
    expect(counts).toMatchObject({ id: 'pet-counts:1', datastore: 'lake', fileCount: 1 });
    expect(counts.lineage).toHaveLength(1);
    const input = await json(['dataset', 'show', 'pets:2']);
    expect(input.lineage).toEqual([{ runId: counts.lineage[0].runId, direction: 'input', name: 'pets' }]);
  }, 60_000);

  it('downloads a version, and refuses to drop a datastore that datasets reference', async () => {
    const down = await cairn(['dataset', 'download', 'pets:2', join(dir, 'pets')]);
    expect(down.code).toBe(0);
    expect(await readFile(join(dir, 'pets', 'raw', 'csv', 'b.csv'), 'utf8')).toContain('11,cow');
    const refused = await cairn(['datastore', 'delete', 'lake']);
    expect(refused.code).toBe(5);
    expect(refused.stderr).toContain('pets:1, pets:2');
  });
});
