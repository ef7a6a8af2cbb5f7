/** What a command needs to talk to the server: the client, the workspace, and the config it came from. */
import { httpFetch } from '@cairn/runner/http-fetch';
import { CairnClient, loadCliConfig, type LoadedCliConfig, type WorkspaceClient } from '@cairn/sdk';
import type { Command } from 'commander';
import { CliError, exitCodes } from './errors.js';

/** The options every command takes (declared on the program, accepted before or after the command). */
export interface GlobalOptions {
  workspace?: string;
  url?: string;
  token?: string;
}

/** A connected command: the client, its current workspace, and the loaded config. */
export interface Session {
  client: CairnClient;
  workspace: WorkspaceClient;
  config: LoadedCliConfig;
}

/** The global options as given to a command (or any of its parents). */
export function globalOptions(command: Command): GlobalOptions {
  return command.optsWithGlobals<GlobalOptions>();
}

/** The workspace a command works in: `-w`, else CAIRN_WORKSPACE or the config file, else `default`. */
export function workspaceName(options: GlobalOptions, config: LoadedCliConfig): string {
  return options.workspace ?? config.workspace ?? 'default';
}

/** Connects with flags over environment over the config file; says how to configure when nothing is. */
export async function connect(command: Command): Promise<Session> {
  const options = globalOptions(command);
  const config = await loadCliConfig();
  const url = options.url ?? config.url;
  const token = options.token ?? config.token;
  if (!url || !token) throw notConfigured(config, url ? 'token' : 'server URL');
  // Node's own fetch costs a short-lived CLI 50-100 ms to load and warm up (ADR 17).
  const client = new CairnClient({ url, token, fetch: httpFetch });
  return { client, workspace: client.workspace(workspaceName(options, config)), config };
}

function notConfigured(config: LoadedCliConfig, missing: string): CliError {
  const where = config.fileExists ? `${config.path} has no ${missing}` : `there is no config file at ${config.path}`;
  return new CliError(
    'NOT_CONFIGURED',
    `no ${missing} to connect with: ${where}, and ${missing === 'token' ? 'CAIRN_TOKEN' : 'CAIRN_URL'} is not set`,
    exitCodes.auth,
    'start a local server with `npx cairn server` (it writes the config), or run `cairn login --url URL` for an existing one',
  );
}
