/**
 * A real Cairn server for tests: real SQLite (or PostgreSQL) in a temp dir, real blobs on disk,
 * built in-process; listening on 127.0.0.1 unless `listen: false`.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import type { Role } from '@cairn/api';
import { createServer, type CairnServer, type ServerDeps } from '../app.js';
import { openBlobStore } from '../blobs/open-blob-store.js';
import { createOwnerTokenOnFirstStart } from '../bootstrap.js';
import { loadConfig, type ServerConfig } from '../config/config.js';
import { openMetadataDb, type MetadataDb } from '../db/database.js';
import { startTestPostgres } from './postgres.js';

export type TestBackend = 'sqlite' | 'postgres';

export interface TestServer extends CairnServer {
  /** `http://127.0.0.1:PORT` when listening. */
  url: string;
  ownerToken: string;
  dataDir: string;
  metadata: MetadataDb;
  /** A new token for a new user holding `role` (in one workspace, or all when omitted). */
  tokenFor(role: Role, workspace?: string | null): Promise<string>;
  /** Everything the server logged so far. */
  logs(): string;
}

/** Backends the tests run on: `CAIRN_TEST_BACKENDS=sqlite,postgres` (default both). */
export function testBackends(): TestBackend[] {
  return (process.env.CAIRN_TEST_BACKENDS ?? 'sqlite,postgres').split(',').map((b) => b.trim()) as TestBackend[];
}

async function databaseUri(backend: TestBackend, dataDir: string): Promise<{ uri: string; release(): Promise<void> }> {
  if (backend === 'sqlite') return { uri: `sqlite:${join(dataDir, 'cairn.db')}`, release: async () => {} };
  const pg = await startTestPostgres();
  return { uri: await pg.newDatabase(), release: () => pg.stop() };
}

/** How a test server starts: its database backend, whether it listens, its log level and execution options. */
export interface TestServerOptions {
  backend?: TestBackend;
  listen?: boolean;
  logLevel?: ServerConfig['logLevel'];
  execution?: ServerDeps['execution'];
}

/** Starts a test server; `close()` stops it and removes its data. */
export async function startTestServer(options: TestServerOptions = {}): Promise<TestServer> {
  const dataDir = mkdtempSync(join(tmpdir(), 'cairn-test-'));
  const database = await databaseUri(options.backend ?? 'sqlite', dataDir);
  const config = loadConfig({ data: dataDir, port: 0, logLevel: options.logLevel ?? 'info', db: database.uri, cliConfig: join(dataDir, 'cli.json') }, {});
  const metadata = await openMetadataDb(config.db);
  let logged = '';
  const logStream = new Writable({ write(chunk, _enc, done) { logged += String(chunk); done(); } });
  const server = await createServer({ config, metadata, blobs: openBlobStore(config.blobs), vaultKey: randomBytes(32), logStream, execution: options.execution });
  const ownerToken = (await createOwnerTokenOnFirstStart(server.tokens))!;
  const url = options.listen === false ? '' : await server.app.listen({ host: '127.0.0.1', port: 0 });
  let users = 0;
  return {
    ...server, url, ownerToken, dataDir, metadata,
    logs: () => logged,
    tokenFor: async (role, workspace = 'default') => {
      const scope = workspace === null ? null : await server.workspaces.resolve(workspace);
      return (await server.tokens.create({ user: `${role.replace(' ', '-').toLowerCase()}-${++users}`, name: 'test', role, workspace: scope })).token;
    },
    close: async () => {
      await server.close();
      await metadata.close();
      await database.release();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
