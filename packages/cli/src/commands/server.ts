/** `cairn server`: parses its flags and hands them to the server, which validates and starts. */
import { homedir } from 'node:os';
import type { Command } from 'commander';
import { note } from '../output.js';
import { expandHome } from '../paths.js';

/** The flags `cairn server` passes on; the server fills the rest from CAIRN_* variables and defaults. */
export interface ServerOptions {
  host?: string;
  port?: string;
  data?: string;
  db?: string;
  blobs?: string;
  config?: string;
}

/** Registers `cairn server`. */
export function register(command: Command): void {
  command
    .option('--host <host>', 'address to listen on; anything but 127.0.0.1 exposes the server (default: 127.0.0.1)')
    .option('--port <port>', 'port to listen on (default: 8265)')
    .option('--data <dir>', 'directory for the database, files and state (default: ~/.cairn)')
    .option('--db <uri>', 'metadata store: sqlite:PATH or postgres://… (default: sqlite in --data)')
    .option('--blobs <uri>', 'file store: file:PATH (default: a directory in --data)')
    .option('--config <file>', 'server config file (JSON); flags and CAIRN_* variables take precedence')
    .action(async (options: ServerOptions) => serve(serverFlags(options)));
}

/** The flags given, with `~/` expanded in paths; flags not given are left out so the server's defaults apply. */
export function serverFlags(options: ServerOptions, home: string = homedir()): ServerOptions {
  const flags: ServerOptions = {};
  for (const [key, value] of Object.entries(options) as Array<[keyof ServerOptions, string | undefined]>) {
    if (value !== undefined) flags[key] = expandPath(key, value, home);
  }
  return flags;
}

// `--data=~/x` and `--db sqlite:~/x` reach us unexpanded: the shell only expands a word-initial `~`.
function expandPath(key: keyof ServerOptions, value: string, home: string): string {
  if (key === 'data' || key === 'config') return expandHome(value, home);
  const uri = /^(sqlite:|file:)(~\/.*)$/.exec(value);
  return uri ? `${uri[1]}${expandHome(uri[2]!, home)}` : value;
}

async function serve(flags: ServerOptions): Promise<void> {
  // Loaded here, not at the top: no other command should pay for loading the server.
  const { runServer } = await import('@cairn/server');
  const server = await runServer(flags);
  note('Ctrl-C stops the server');
  const signal = await new Promise<NodeJS.Signals>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  note(`${signal}: stopping the server`);
  await server.close();
}
