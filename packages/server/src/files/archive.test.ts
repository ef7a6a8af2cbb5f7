import { randomBytes } from 'node:crypto';
import { buffer } from 'node:stream/consumers';
import yauzl from 'yauzl';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../test-support/test-server.js';
import { insertRun } from './test-support/run-rows.js';

/** Every entry of a zip, name → bytes, in archive order, read with an independent zip reader. */
async function unzip(zip: Buffer, compressed = new Map<string, number>()): Promise<Map<string, Buffer>> {
  const file = await new Promise<yauzl.ZipFile>((resolve, reject) => yauzl.fromBuffer(zip, { lazyEntries: true }, (e, z) => (e ? reject(e) : resolve(z))));
  const entries = new Map<string, Buffer>();
  await new Promise<void>((resolve, reject) => {
    file.on('entry', (entry: yauzl.Entry) => {
      compressed.set(entry.fileName, entry.compressedSize);
      file.openReadStream(entry, (error, stream) => {
        if (error) return reject(error);
        buffer(stream).then((bytes) => { entries.set(entry.fileName, bytes); file.readEntry(); }, reject);
      });
    });
    file.on('end', resolve).on('error', reject);
    file.readEntry();
  });
  return entries;
}

describe('run file archives', () => {
  let server: TestServer;
  let auth: Record<string, string>;
  const files = new Map<string, Buffer>([
    ['outputs/model.pkl', randomBytes(200_000)],
    ['outputs/metrics/summary.json', Buffer.from(JSON.stringify({ accuracy: 0.93, notes: 'x'.repeat(5000) }))],
    ['outputs/empty.txt', Buffer.alloc(0)],
    ['logs/driver.log', Buffer.from('line 1\nline 2\n')],
  ]);
  const archive = (runId: string, query = '') => server.app.inject({ url: `/api/v1/workspaces/default/runs/${runId}/archive${query}`, headers: auth });

  beforeAll(async () => {
    server = await startTestServer({ listen: false });
    auth = { authorization: `Bearer ${server.ownerToken}` };
    await insertRun(server.metadata.db, 'default', 'zip-run');
    for (const [path, bytes] of files) {
      await server.app.inject({ method: 'PUT', url: `/api/v1/workspaces/default/runs/zip-run/files/${path}`, headers: { ...auth, 'content-type': 'application/octet-stream' }, payload: bytes });
    }
  });
  afterAll(async () => server.close());

  it('zips every file under a prefix with its full run path as the entry name', async () => {
    const res = await archive('zip-run', '?prefix=outputs/');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/zip');
    expect(res.headers['content-disposition']).toMatch(/^attachment; filename="zip-run\.zip"/);
    const entries = await unzip(res.rawPayload);
    expect([...entries.keys()]).toEqual(['outputs/empty.txt', 'outputs/metrics/summary.json', 'outputs/model.pkl']);
    for (const [name, bytes] of entries) expect(bytes.equals(files.get(name)!), name).toBe(true);
  });

  it('zips the whole run without a prefix, compressing text but not binary content', async () => {
    const compressed = new Map<string, number>();
    const entries = await unzip((await archive('zip-run')).rawPayload, compressed);
    expect([...entries.keys()]).toEqual(['logs/driver.log', 'outputs/empty.txt', 'outputs/metrics/summary.json', 'outputs/model.pkl']);
    expect(compressed.get('outputs/metrics/summary.json')).toBeLessThan(200);
    expect(compressed.get('outputs/model.pkl')).toBe(200_000);
  });

  it('answers FILE_NOT_FOUND when nothing is under the prefix', async () => {
    const res = await archive('zip-run', '?prefix=nothing/');
    expect(res.statusCode).toBe(404);
    expect(res.json().error.code).toBe('FILE_NOT_FOUND');
    expect(res.json().error.message).toContain('nothing/');
  });

  it('streams archives of more files than one page of the file list', async () => {
    await insertRun(server.metadata.db, 'default', 'many-files');
    const paths = Array.from({ length: 1234 }, (_, i) => `outputs/part-${String(i).padStart(4, '0')}.txt`);
    const first = await server.app.inject({ method: 'PUT', url: `/api/v1/workspaces/default/runs/many-files/files/${paths[0]}`, headers: auth, payload: 'same bytes' });
    // The other records point at the same content, as identical outputs of a run do.
    const { sha256, size } = first.json();
    const rows = paths.slice(1).map((path) => ({ run_id: 'many-files', path, sha256, size, content_type: 'text/plain', created_at: Date.now() }));
    await server.metadata.db.insertInto('run_files').values(rows).execute();
    const entries = await unzip((await archive('many-files')).rawPayload);
    expect([...entries.keys()]).toEqual(paths);
    expect(entries.get(paths[1233]!)!.toString()).toBe('same bytes');
  });
});
