/**
 * A real Cairn server in its own process (so it has a core of its own, as it would in production):
 * started on 127.0.0.1 with its data in the directory given as argument; prints one JSON line
 * `{ url, token }` on stdout once listening, and stops on SIGTERM.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runServer } from '../../packages/server/src/main.js';

const data = process.argv[2];
if (!data) throw new Error('usage: server-process.ts <data dir>');
const cliConfig = join(data, 'cli.json');
const running = await runServer({ data, host: '127.0.0.1', port: 0, logLevel: 'warn', cliConfig }, () => {});
const { token } = JSON.parse(readFileSync(cliConfig, 'utf8')) as { token: string };
process.stdout.write(`${JSON.stringify({ url: running.url, token })}\n`);
process.on('SIGTERM', () => {
  void running.close().then(() => process.exit(0));
});
