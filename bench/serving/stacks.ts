/** The servers the serving suite compares: Cairn's gateway, gunicorn + Flask, and a bare Node server. */
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer, type RequestListener, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gatewayHandler, type ScoreOutcome } from '../../packages/serving/src/index.js';

export const KEY = 'bench-key';

/** Listens on a free loopback port; returns the base URL and a closer. */
export async function listen(handler: RequestListener): Promise<{ url: string; close: () => Promise<void> }> {
  const server: Server = createServer(handler);
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { url, close: () => new Promise((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }) };
}

/** Cairn's gateway in front of `score`, with a key. */
export function gateway(score: (body: Buffer) => Promise<ScoreOutcome>) {
  return listen(gatewayHandler({ bodyLimit: 100 * 1024 * 1024, authorize: (auth) => auth === `Bearer ${KEY}`, score }));
}

/** A Node server answering a constant: the most any Node gateway could do. */
export function bareNode() {
  const body = Buffer.from('[1.0]');
  return listen((req, res) => {
    req.resume();
    req.on('end', () => res.writeHead(200, { 'content-type': 'application/json', 'content-length': body.length }).end(body));
  });
}

/** gunicorn + Flask (v1's stack) with `workers` sync workers serving `scoreDir/score.py`. */
export async function gunicorn(scoreDir: string, modelDir: string, workers: number, port: number): Promise<{ url: string; pid: number; close: () => Promise<void> }> {
  const here = dirname(fileURLToPath(import.meta.url));
  const child: ChildProcess = spawn('gunicorn', ['-w', String(workers), '-b', `127.0.0.1:${port}`, '--chdir', here, 'flask_app:app'], {
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin', SCORE_DIR: scoreDir, AZUREML_MODEL_DIR: modelDir, PYTHONDONTWRITEBYTECODE: '1' },
    stdio: 'ignore',
  });
  const url = `http://127.0.0.1:${port}`;
  let ready = false;
  for (let i = 0; i < 200 && !ready; i += 1) {
    ready = await fetch(`${url}/score`, { method: 'POST', body: '{"data": [[0,0,0,0,0,0,0,0,0,0]]}' }).then((r) => r.ok, () => false);
    if (!ready) await new Promise((r) => setTimeout(r, 100));
  }
  if (!ready) {
    child.kill('SIGKILL');
    throw new Error(`gunicorn + Flask did not answer on ${url} within 20 s`);
  }
  return { url, pid: child.pid!, close: async () => { child.kill('SIGTERM'); await new Promise((r) => child.once('exit', r)); } };
}
