// `cairn model …` as a real process against a real server: register from a run and from a local folder,
// then list, show, download, update, alias, delete and read events, as a user would.
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CairnClient } from '@cairn/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../../server/src/test-support/test-server.js';
import { boundCairn } from '../test-support/run-cairn.js';

let server: TestServer;
let dir: string;
let runId: string;

const { run: cairn, json } = boundCairn(() => ({ url: server.url, token: server.ownerToken, dir }));

beforeAll(async () => {
  server = await startTestServer({ logLevel: 'warn' });
  dir = await mkdtemp(join(tmpdir(), 'cairn-model-cli-'));
  const ws = new CairnClient({ url: server.url, token: server.ownerToken }).workspace('default');
  runId = (await ws.runs.create({ experiment: 'diabetes', status: 'Running' })).id;
  await ws.files.upload(runId, 'outputs/model.pkl', Buffer.from('pickled model'));
  await mkdir(join(dir, 'net', 'layers'), { recursive: true });
  await writeFile(join(dir, 'net', 'config.json'), '{"depth":2}');
  await writeFile(join(dir, 'net', 'layers', 'w.bin'), Buffer.alloc(5000, 7));
});

afterAll(async () => {
  await server?.close();
  await rm(dir, { recursive: true, force: true });
});

describe('cairn model', () => {
  it('registers from a run output without uploading, and from a local folder uploading only what is missing', async () => {
    const fromRun = await json(['model', 'register', '--name', 'diabetes', '--run', runId, '--path', 'outputs/model.pkl', '--framework', 'ScikitLearn',
      '--framework-version', '1.2', '--tag', 'stage=dev', '--property', 'auc=0.91', '--dataset', 'diabetes-ds:1']);
    expect(fromRun).toMatchObject({ id: 'diabetes:1', runId, experiment: 'diabetes', framework: 'ScikitLearn', tags: { stage: 'dev' }, properties: { auc: '0.91' }, datasets: ['diabetes-ds:1'] });
    const local = await cairn(['model', 'register', '--name', 'net', '--path', join(dir, 'net'), '--framework', 'PyTorch']);
    expect(local.code).toBe(0);
    expect(local.stderr).toContain('Registering model net');
    expect(local.stderr).toContain('Uploaded 2 files');
    expect(local.stdout).toMatch(/id:\s+net:1/);
    const again = await cairn(['model', 'register', '--name', 'net', '--path', join(dir, 'net')]);
    expect(again.stderr).not.toContain('Uploaded');
    expect(again.stdout).toMatch(/id:\s+net:2/);
  });

  it('lists with filters and shows a version with its files and lineage', async () => {
    expect((await json(['model', 'list', '--latest'])).items.map((m: { id: string }) => m.id)).toEqual(['diabetes:1', 'net:2']);
    expect((await json(['model', 'list', '--tag', 'stage=dev'])).items.map((m: { id: string }) => m.id)).toEqual(['diabetes:1']);
    expect((await json(['model', 'list', '--framework', 'PyTorch'])).items.map((m: { id: string }) => m.id)).toEqual(['net:1']);
    const table = await cairn(['model', 'list', '--run', runId]);
    expect(table.stdout).toMatch(/^NAME\s+VERSION\s+FRAMEWORK/);
    expect(table.stdout).toContain('diabetes');
    const shown = await cairn(['model', 'show', 'net:1']);
    expect(shown.stdout).toContain('net/layers/w.bin');
    expect(shown.stdout).toContain('Lineage');
    const lineage = (await json(['model', 'show', 'diabetes'])).lineage;
    expect(lineage).toMatchObject({ run: { id: runId, experiment: 'diabetes' }, datasets: ['diabetes-ds:1'], endpoints: [] });
  });

  it('downloads a version as registered, refusing to overwrite without --overwrite', async () => {
    const out = join(dir, 'download');
    expect((await cairn(['model', 'download', 'net:1', '-o', out])).code).toBe(0);
    expect(await readFile(join(out, 'net', 'config.json'), 'utf8')).toBe('{"depth":2}');
    expect((await readFile(join(out, 'net', 'layers', 'w.bin'))).equals(Buffer.alloc(5000, 7))).toBe(true);
    const refused = await cairn(['model', 'download', 'net:1', '-o', out]);
    expect([refused.code, refused.stderr]).toEqual([5, expect.stringContaining('error FILE_EXISTS: would overwrite')]);
    expect((await cairn(['model', 'download', 'diabetes', '-o', out, '--overwrite'])).code).toBe(0);
    expect(await readFile(join(out, 'model.pkl'), 'utf8')).toBe('pickled model');
  });

  it('updates tags and description, keeps properties add-only, and exits 5 on a changed property', async () => {
    const updated = await json(['model', 'update', 'diabetes:1', '--description', 'v1 baseline', '--tag', 'stage=prod', '--property', 'owner=ml']);
    expect(updated).toMatchObject({ description: 'v1 baseline', tags: { stage: 'prod' }, properties: { auc: '0.91', owner: 'ml' } });
    const clash = await cairn(['model', 'update', 'diabetes:1', '--property', 'auc=0.5']);
    expect([clash.code, clash.stderr]).toEqual([5, expect.stringContaining('error PROPERTY_IMMUTABLE')]);
  });

  it('sets, follows, lists and deletes aliases; deletes versions; records events; exits 3 on unknown models', async () => {
    expect((await json(['model', 'alias', 'set', 'net', 'production', '1'])).version).toBe(1);
    expect((await json(['model', 'show', 'net@production'])).version).toBe(1);
    expect((await json(['model', 'alias', 'list', 'net'])).items).toMatchObject([{ alias: 'production', version: 1 }]);
    expect((await cairn(['model', 'alias', 'delete', 'net', 'production'])).code).toBe(0);
    expect((await cairn(['model', 'delete', 'net:2'])).stderr).toContain('Deleted model net:2');
    expect((await json(['model', 'list', '--name', 'net'])).items.map((m: { id: string }) => m.id)).toEqual(['net:1']);
    const events = (await json(['model', 'events', 'net'])).items.map((e: { kind: string }) => e.kind);
    expect(events).toEqual(['registered', 'registered', 'aliased', 'unaliased', 'deleted']);
    const all = (await json(['model', 'events'])).items;
    expect(new Set(all.map((e: { name: string }) => e.name))).toEqual(new Set(['diabetes', 'net']));
    expect((await json(['model', 'events', '--after', String(all.at(-2).id)])).items.map((e: { kind: string }) => e.kind)).toEqual(['deleted']);
    const missing = await cairn(['model', 'show', 'net:9']);
    expect([missing.code, missing.stderr]).toEqual([3, expect.stringContaining('error MODEL_NOT_FOUND')]);
    expect((await cairn(['model', 'delete', 'net'])).code).toBe(2);
  });
});
