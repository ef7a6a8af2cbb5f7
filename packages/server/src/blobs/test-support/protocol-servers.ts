/** Real Azure Blob (Azurite) and S3 (s3rver) servers on 127.0.0.1 with random ports, for tests and benchmarks. */
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Azurite's well-known development account and key (public, documented by Microsoft). */
export const AZURITE_ACCOUNT = 'devstoreaccount1';
export const AZURITE_KEY = 'Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==';
export const S3_KEY_ID = 'S3RVER';
export const S3_SECRET = 'S3RVER';

/** A running protocol server and how to stop it. */
export interface ProtocolServer {
  endpoint: string;
  close(): Promise<void>;
}

const require = createRequire(import.meta.url);

/** Starts Azurite's blob service in memory; resolves once it listens. */
export async function startAzurite(): Promise<ProtocolServer> {
  const bin = join(require.resolve('azurite/package.json'), '..', 'dist', 'src', 'blob', 'main.js');
  const child = spawn(process.execPath, [bin, '--blobHost', '127.0.0.1', '--blobPort', '0', '--inMemoryPersistence', '--disableTelemetry', '--skipApiVersionCheck', '--loose'], { stdio: ['ignore', 'pipe', 'pipe'] });
  const port = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const match = /listens on http:\/\/127\.0\.0\.1:(\d+)/.exec(out);
      if (match) resolve(match[1] as string);
    });
    child.on('exit', (code) => reject(new Error(`azurite exited with ${code}: ${out}`)));
  });
  const close = () => new Promise<void>((resolve) => { child.once('exit', () => resolve()); child.kill('SIGTERM'); });
  return { endpoint: `http://127.0.0.1:${port}/${AZURITE_ACCOUNT}`, close };
}

/** Starts s3rver on a temporary directory with the given buckets. */
export async function startS3rver(buckets: string[]): Promise<ProtocolServer> {
  const S3rver = require('s3rver') as new (options: object) => { run(): Promise<{ port: number }>; close(): Promise<void> };
  const directory = await mkdtemp(join(tmpdir(), 'cairn-s3rver-'));
  const server = new S3rver({ address: '127.0.0.1', port: 0, silent: true, directory, configureBuckets: buckets.map((name) => ({ name })) });
  const { port } = await server.run();
  return { endpoint: `http://127.0.0.1:${port}`, close: async () => { await server.close(); await rm(directory, { recursive: true, force: true }); } };
}
