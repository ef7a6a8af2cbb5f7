/** The fixtures of the tests that use Cairn as a user would: the CLI and the SDK against a listening server. */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CairnClient } from '@cairn/sdk';
import { testWithServer } from './server-test.js';

/**
 * `it` with `server` (listening), `dir` (a working directory whose `cli.json` logs in as the owner), `env` (the
 * CLI's variables for that config and a cache in `dir`) and `ws` (the SDK on workspace `default`), one of each per file.
 */
export const cliUserTest = testWithServer({ logLevel: 'warn' })
  .extend('dir', { scope: 'file' }, async ({ server }, { onCleanup }) => {
    const dir = await mkdtemp(join(tmpdir(), 'cairn-cli-user-'));
    onCleanup(() => rm(dir, { recursive: true, force: true }));
    await writeFile(join(dir, 'cli.json'), JSON.stringify({ url: server.url, token: server.ownerToken }));
    return dir;
  })
  .extend('env', { scope: 'file' }, ({ dir }) => ({ CAIRN_CONFIG: join(dir, 'cli.json'), CAIRN_CACHE_DIR: join(dir, 'cache') }))
  .extend('ws', { scope: 'file' }, ({ server }) => new CairnClient({ url: server.url, token: server.ownerToken }).workspace('default'));
