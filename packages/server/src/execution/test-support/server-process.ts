/** A server over a given data dir and database that can be stopped and started again on the same port. */
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { createServer, type CairnServer } from '../../app.js';
import { openBlobStore } from '../../blobs/open-blob-store.js';
import { createOwnerTokenOnFirstStart } from '../../bootstrap.js';
import { loadConfig } from '../../config/config.js';
import { openMetadataDb, type MetadataDb } from '../../db/database.js';
import type { ExecutionOptions } from '../execution-module.js';

export interface RestartableServer {
  url: string;
  server: CairnServer;
  metadata: MetadataDb;
  /** The owner token made on the first start of this database, if this start made it. */
  ownerToken: string | null;
  stop(): Promise<void>;
}

const vaultKey = randomBytes(32);

/** Starts a server on `dataDir` and `db` (port 0: any free port); replicas share `blobs`. */
export async function startServerOn(dataDir: string, db: string, port: number, execution: Partial<ExecutionOptions>, blobs?: string): Promise<RestartableServer> {
  const config = loadConfig({ data: dataDir, port, logLevel: 'warn', db, cliConfig: join(dataDir, 'cli.json'), ...(blobs ? { blobs } : {}) }, {});
  const metadata = await openMetadataDb(config.db);
  const logStream = new Writable({ write(_chunk, _enc, done) { done(); } });
  const server = await createServer({ config, metadata, blobs: openBlobStore(config.blobs), vaultKey, logStream, execution });
  const ownerToken = await createOwnerTokenOnFirstStart(server.tokens);
  const url = await server.app.listen({ host: '127.0.0.1', port });
  return { url, server, metadata, ownerToken, stop: async () => { await server.close(); await metadata.close(); } };
}
