// The workspace's own blob store on Azure Blob: a server built on `azure://…` (credentials from the
// environment) keeps the default datastore's files in the container.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createServer, type CairnServer } from '../app.js';
import { createOwnerTokenOnFirstStart } from '../bootstrap.js';
import { loadConfig } from '../config/config.js';
import { openMetadataDb } from '../db/database.js';
import { AzureBlobStore, azureContainerClient } from './azure-blob-store.js';
import { openBlobStore } from './open-blob-store.js';
import { AZURITE_KEY, startAzurite, type ProtocolServer } from './test-support/protocol-servers.js';

let azurite: ProtocolServer;
let server: CairnServer;
let dir: string;
beforeAll(async () => {
  azurite = await startAzurite();
  await azureContainerClient({ accountUrl: azurite.endpoint, container: 'cairn', accountKey: AZURITE_KEY }).create();
  dir = mkdtempSync(join(tmpdir(), 'cairn-azure-server-'));
  const blobs = `azure://cairn/ws?account_url=${encodeURIComponent(azurite.endpoint)}`;
  const config = loadConfig({ data: dir, port: 0, logLevel: 'warn', blobs, cliConfig: join(dir, 'cli.json') }, {});
  const metadata = await openMetadataDb(config.db);
  const logStream = new Writable({ write(_chunk, _enc, done) { done(); } });
  server = await createServer({ config, metadata, blobs: openBlobStore(config.blobs, { AZURE_STORAGE_KEY: AZURITE_KEY }), vaultKey: randomBytes(32), logStream });
}, 60_000);
afterAll(async () => {
  await server?.close();
  await azurite?.close();
  rmSync(dir, { recursive: true, force: true });
});

it('keeps datastore files in the Azure container', async () => {
  const token = (await createOwnerTokenOnFirstStart(server.tokens))!;
  const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/octet-stream' };
  const up = await server.app.inject({ method: 'PUT', url: '/api/v1/workspaces/default/datastores/workspaceblobstore/files/data/x.csv', headers, payload: 'a,b\n1,2\n' });
  expect(up.statusCode).toBe(201);
  const keys: string[] = [];
  for await (const info of new AzureBlobStore({ accountUrl: azurite.endpoint, container: 'cairn', accountKey: AZURITE_KEY }).list('ws/datastores/')) keys.push(info.key);
  expect(keys).toEqual([expect.stringMatching(/^ws\/datastores\/\d+\/data\/x\.csv$/)]);
  const down = await server.app.inject({ method: 'GET', url: '/api/v1/workspaces/default/datastores/workspaceblobstore/files/data/x.csv', headers });
  expect(down.body).toBe('a,b\n1,2\n');
});
