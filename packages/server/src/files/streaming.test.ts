import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readdir, rm } from 'node:fs/promises';
import { request } from 'node:http';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startTestServer, type TestServer } from '../test-support/test-server.js';
import { insertRun } from './test-support/run-rows.js';

const MB = 1024 * 1024;

/** Peak growth of the process's resident memory while `work` runs, sampled every 20 ms. */
async function peakRssGrowth(work: () => Promise<void>): Promise<number> {
  const baseline = process.memoryUsage().rss;
  let peak = baseline;
  const timer = setInterval(() => { peak = Math.max(peak, process.memoryUsage().rss); }, 20);
  try {
    await work();
  } finally {
    clearInterval(timer);
  }
  return Math.max(peak, process.memoryUsage().rss) - baseline;
}

/**
 * Uploads `mb` MB of varied bytes with fetch from a separate process, made one chunk at a time as the
 * upload pulls them, so this process's memory is the server's alone. Prints the status, the answer
 * and the SHA-256 of what it sent.
 */
const uploadClient = `
  import { createHash, randomBytes } from 'node:crypto';
  const [url, token, mb] = process.argv.slice(1);
  const sent = createHash('sha256');
  const block = randomBytes(1 << 20);
  async function* body() {
    for (let i = 0; i < Number(mb); i++) {
      const chunk = Buffer.from(block);
      chunk.writeUInt32BE(i, 0);
      sent.update(chunk);
      yield chunk;
    }
  }
  const headers = { authorization: 'Bearer ' + token, 'content-type': 'application/octet-stream' };
  const res = await fetch(url, { method: 'PUT', body: body(), duplex: 'half', headers });
  console.log(JSON.stringify({ status: res.status, file: await res.json(), sent: sent.digest('hex') }));
`;

async function uploadFromAnotherProcess(url: string, token: string, mb: number): Promise<{ status: number; file: { size: number; sha256: string }; sent: string }> {
  const { stdout } = await promisify(execFile)(process.execPath, ['--input-type=module', '-e', uploadClient, url, token, String(mb)]);
  return JSON.parse(stdout);
}

describe('streamed run files over a real connection', () => {
  let server: TestServer;
  let auth: Record<string, string>;
  const fileUrl = (runId: string, path: string) => `${server.url}/api/v1/workspaces/default/runs/${runId}/files/${path}`;

  beforeAll(async () => {
    server = await startTestServer();
    auth = { authorization: `Bearer ${server.ownerToken}` };
    await insertRun(server.metadata.db, 'default', 'big-run');
  });
  afterAll(async () => {
    // fetch keeps connections alive; one whose last response is still finishing is not idle when close()
    // looks, and would hold the server open for Fastify's 72 s keep-alive. Every request is done here.
    server.app.server.closeAllConnections();
    await server.close();
  });

  it('uploads and downloads 200 MB with flat server memory', { timeout: 180_000 }, async () => {
    let upload!: Awaited<ReturnType<typeof uploadFromAnotherProcess>>;
    const uploadGrowth = await peakRssGrowth(async () => {
      upload = await uploadFromAnotherProcess(fileUrl('big-run', 'outputs/weights.bin'), server.ownerToken, 200);
    });
    expect(upload.status).toBe(201);
    expect(upload.file).toMatchObject({ size: 200 * MB, sha256: upload.sent });
    const received = createHash('sha256');
    const downloadGrowth = await peakRssGrowth(async () => {
      const res = await fetch(fileUrl('big-run', 'outputs/weights.bin'), { headers: auth });
      expect(res.headers.get('content-length')).toBe(String(200 * MB));
      for await (const chunk of res.body!) received.update(chunk);
    });
    expect(received.digest('hex')).toBe(upload.sent);
    // Buffering the body anywhere would grow memory by at least 200 MB.
    expect(uploadGrowth).toBeLessThan(80 * MB);
    expect(downloadGrowth).toBeLessThan(80 * MB);
  });

  it('refuses a .. segment sent raw on the wire, which URL-normalising clients never send', async () => {
    const { port } = new URL(server.url);
    const answer = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = request({ host: '127.0.0.1', port, method: 'PUT', path: '/api/v1/workspaces/default/runs/big-run/files/outputs/%2E%2E/%2E%2E/escape.txt', headers: { ...auth, 'content-type': 'application/octet-stream' } }, (res) => {
        let body = '';
        res.on('data', (c) => { body += c; }).on('end', () => resolve({ status: res.statusCode!, body }));
      });
      req.on('error', reject).end('x');
    });
    expect(answer.status).toBe(400);
    expect(JSON.parse(answer.body).error.message).toContain('.. segments');
  });

  it('breaks an archive download whose blob has vanished, and keeps serving', async () => {
    await insertRun(server.metadata.db, 'default', 'broken-run');
    const put = (path: string, body: string) => fetch(fileUrl('broken-run', path), { method: 'PUT', body, headers: { ...auth, 'content-type': 'application/octet-stream' } });
    await put('a.txt', 'kept');
    const lost = await (await put('b.txt', 'this blob is deleted behind the server\'s back')).json();
    await rm(join(server.dataDir, 'blobs', 'sha256', lost.sha256.slice(0, 2), lost.sha256.slice(2, 4), lost.sha256));
    const res = await fetch(`${server.url}/api/v1/workspaces/default/runs/broken-run/archive`, { headers: auth });
    expect(res.status).toBe(200);
    await expect(res.arrayBuffer()).rejects.toThrow();
    expect((await fetch(fileUrl('broken-run', 'a.txt'), { headers: auth })).status).toBe(200);
    await vi.waitFor(() => expect(server.logs()).toContain('run archive failed midway'));
    expect(server.logs()).toContain(`blob not found: sha256/${lost.sha256.slice(0, 2)}`);
    expect(server.logs()).not.toContain('Cannot write headers');
  });

  it('keeps nothing of an upload whose client goes away midway', async () => {
    await insertRun(server.metadata.db, 'default', 'dropped-run');
    async function* dropping() {
      yield Buffer.alloc(4 * MB, 1);
      throw new Error('client crashed');
    }
    const init = { method: 'PUT', body: dropping(), duplex: 'half', headers: { ...auth, 'content-type': 'application/octet-stream' } };
    await expect(fetch(fileUrl('dropped-run', 'outputs/half.bin'), init as RequestInit)).rejects.toThrow();
    const blobs = join(server.dataDir, 'blobs');
    const leftovers = async () => (await readdir(blobs, { recursive: true, withFileTypes: true })).filter((e) => e.isFile() && !e.parentPath.includes('sha256'));
    // The server notices the broken connection on its own time; wait for its cleanup rather than sleep.
    await vi.waitFor(async () => expect(await leftovers()).toEqual([]), { timeout: 5000 });
    const list = await fetch(`${server.url}/api/v1/workspaces/default/runs/dropped-run/files`, { headers: auth });
    expect((await list.json()).items).toEqual([]);
    await vi.waitFor(() => expect(server.logs()).toContain('upload aborted by the client; nothing kept'));
    expect(server.logs()).not.toContain('"message":"aborted"');
  });
});
