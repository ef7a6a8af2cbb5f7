/** The `cairn` program: global options, the command table, and usage errors in the CLI's own format. */
import { createRequire } from 'node:module';
import { Command } from 'commander';
import { commandTable } from './command-table.js';

// Global options that take a value, so that their value is not mistaken for the command name.
const valueOptions = new Set(['-w', '--workspace', '--url', '--token']);

/** The command a command line asks for (`help run` asks for `run`), skipping global options. */
export function commandNameOf(args: string[]): string | undefined {
  for (let i = 0; i < args.length; i += 1) {
    const arg = args[i]!;
    if (arg === '--') return undefined;
    if (valueOptions.has(arg)) i += 1;
    else if (!arg.startsWith('-')) return arg === 'help' ? args.slice(i + 1).find((a) => !a.startsWith('-')) : arg;
  }
  return undefined;
}

/** Builds the program, loading only the module of the command the arguments name. */
export async function buildProgram(args: string[]): Promise<Command> {
  const program = new Command('cairn')
    .description('Cairn: a self-hosted machine-learning workspace')
    .version(version(), '-V, --version')
    .option('-w, --workspace <name>', 'workspace to work in (default: CAIRN_WORKSPACE, the config file, else "default")')
    .option('--url <url>', 'server URL (default: CAIRN_URL, else the config file)')
    .option('--token <token>', 'bearer token (discouraged: it shows in shell history and `ps`; use `cairn login` or CAIRN_TOKEN)')
    .exitOverride()
    .configureHelp({ showGlobalOptions: true, sortSubcommands: false })
    .configureOutput({ outputError: (text, write) => write(text.replace(/^error: /, 'error USAGE: ')) });
  const wanted = commandNameOf(args);
  for (const entry of commandTable) {
    const command = program.command(entry.name).description(entry.summary);
    if (entry.name === wanted) (await entry.load()).register(command);
  }
  return program;
}

/** The bundle carries the version (bundle.mjs); the compiled tree reads package.json. */
function version(): string {
  const bundled = (globalThis as { cairnCliVersion?: string }).cairnCliVersion;
  return bundled ?? (createRequire(import.meta.url)('../package.json') as { version: string }).version;
}
