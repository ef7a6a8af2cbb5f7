/** `cairn studio [--open]`: prints a one-time sign-in link for the studio (valid 2 minutes) and exits. */
import { spawn } from 'node:child_process';
import type { Command } from 'commander';
import { connect } from '../context.js';
import { note, printData, withOutput } from '../output.js';

/** Registers `cairn studio`. */
export function register(command: Command): void {
  withOutput(command.option('--open', 'also open the link in the default browser'))
    .addHelpText('after', '\nThe link signs one browser in once, within 2 minutes; the token itself never reaches the browser.')
    .action(async (options: { open?: boolean }, cmd: Command) => studio(cmd, Boolean(options.open)));
}

async function studio(cmd: Command, open: boolean): Promise<void> {
  const { client } = await connect(cmd);
  const link = await client.sessions.createLink();
  const url = `${client.url}${link.path}`;
  printData(cmd, { url, expiresAt: link.expiresAt }, (d) => d.url);
  if (open) openBrowser(url);
  else note('Open the link within 2 minutes; it works once.');
}

// Detached and ignored: the CLI prints the link and exits whatever the browser does.
function openBrowser(url: string): void {
  const [command, args] = process.platform === 'darwin' ? ['open', [url]] : process.platform === 'win32' ? ['cmd', ['/c', 'start', '', url]] : ['xdg-open', [url]];
  const child = spawn(command as string, args as string[], { detached: true, stdio: 'ignore' });
  child.on('error', () => note(`Could not start a browser (${command as string}); open the link above yourself.`));
  child.unref();
}
