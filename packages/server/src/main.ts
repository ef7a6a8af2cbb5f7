/** Wires real dependencies from the configuration and listens. */
import { createServer, type CairnServer } from './app.js';
import { openBlobStore } from './blobs/open-blob-store.js';
import { saveCliConfig } from '@cairn/sdk';
import { createOwnerTokenOnFirstStart } from './bootstrap.js';
import { loadConfig, type ServerConfig, type ServerFlags } from './config/config.js';
import { openMetadataDb } from './db/database.js';
import { loadMasterKey } from './vault/master-key.js';

export interface RunningServer {
  url: string;
  config: ServerConfig;
  server: CairnServer;
  close(): Promise<void>;
}

/** Starts a Cairn server from flags (then `CAIRN_*` env, config file, defaults). */
export async function runServer(flags: ServerFlags = {}, say: (line: string) => void = (l) => process.stderr.write(`${l}\n`)): Promise<RunningServer> {
  const config = loadConfig(flags);
  const metadata = await openMetadataDb(config.db);
  const server = await createServer({ config, metadata, blobs: openBlobStore(config.blobs), vaultKey: loadMasterKey(config.data) });
  const address = await server.app.listen({ host: config.host, port: config.port });
  const url = address.replace('[::1]', 'localhost');
  say(`cairn server listening on ${url} (metadata ${config.db.split(':')[0]}, blobs ${config.blobs.split(':')[0]}, data ${config.data})`);
  const owner = await createOwnerTokenOnFirstStart(server.tokens);
  if (owner) {
    await saveCliConfig({ url, token: owner, workspace: 'default' }, { path: config.cliConfig });
    say(`first start: created the owner token and saved it in ${config.cliConfig} (mode 0600); the CLI on this machine needs no login`);
  }
  const close = async () => {
    await server.close();
    await metadata.close();
  };
  return { url, config, server, close };
}
