/** `cairn login`: checks a URL and token with the server, then saves them in the config file. */
import { CairnClient, loadCliConfig, readCliConfigFile, saveCliConfig } from '@cairn/sdk';
import type { Command } from 'commander';
import { globalOptions } from '../context.js';
import { UsageError } from '../errors.js';
import { note } from '../output.js';
import { readSecretValue } from '../prompt.js';
import { formatRoles } from './token.js';

/** Registers `cairn login`. */
export function register(command: Command): void {
  command
    .usage('--url URL [--token TOKEN] [-w WORKSPACE]')
    .addHelpText('after', '\nWithout --token, the token is read from CAIRN_TOKEN, a hidden prompt, or stdin (best: it stays out of shell history).')
    .action(async (_options: unknown, cmd: Command) => login(cmd));
}

async function login(command: Command): Promise<void> {
  const options = globalOptions(command);
  const config = await loadCliConfig();
  const url = options.url ?? process.env.CAIRN_URL ?? config.url;
  if (!url) throw new UsageError('login needs the server URL', 'run `cairn login --url http://HOST:8265`');
  const token = options.token ?? process.env.CAIRN_TOKEN ?? (await readSecretValue('Token', undefined));
  // Ask the server before saving: a typo should fail here, not on the next command.
  const who = await new CairnClient({ url, token }).whoami();
  const file = (await readCliConfigFile(config.path)) ?? {};
  const workspace = options.workspace ?? file.workspace ?? 'default';
  const path = await saveCliConfig({ url, token, workspace }, { path: config.path });
  note(`Logged in to ${url} as ${who.user} (${formatRoles(who.roles)}); workspace ${workspace}. Saved to ${path}`);
}
