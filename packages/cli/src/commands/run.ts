/** `cairn run list|show|metrics|tag|cancel|download|submit-script|logs|config`. */
import type { Command } from 'commander';
import { intOption } from '../options.js';
import { withOutput } from '../output.js';
import { registerDownload } from './run-download.js';
import { registerMetrics } from './run-metrics.js';
import { registerLogs } from './run-logs.js';
import { registerRunConfig } from './run-config.js';
import { registerSubmit } from './run-submit.js';
import type { ListOptions } from './run-show.js';

// Loaded when one of them runs: `submit-script`, the common start, needs neither them nor their tables (ADR 17).
const actions = () => import('./run-show.js');

/** Registers the run subcommands. */
export function register(command: Command): void {
  withOutput(command.command('list').description('Search the runs of the workspace'))
    .option('-e, --experiment <name>', 'only runs of this experiment')
    .option('--filter <expr>', `e.g. "metrics.loss < 0.5 and tags.team = 'vision'" (see docs/cli.md)`)
    .option('--order-by <expr>', 'e.g. "metrics.accuracy desc, created"')
    .option('--top <n>', 'runs per page, 1-1000 (default: 100)', intOption('--top', 1, 1000))
    .option('--cursor <cursor>', 'the next page, as printed after the previous one')
    .option('--include-children', 'list child runs too')
    .action(async (o: ListOptions, cmd: Command) => (await actions()).list(cmd, o));
  withOutput(command.command('show').argument('<run-id>').description('Show a run'))
    .action(async (id: string, _o: unknown, cmd: Command) => (await actions()).show(cmd, id));
  registerMetrics(command);
  withOutput(command.command('tag').argument('<run-id>').argument('[key=value...]', 'tags to set').description('Set and remove tags of a run'))
    .option('--remove <key...>', 'tags to remove')
    .action(async (id: string, pairs: string[], o: { remove?: string[] }, cmd: Command) => (await actions()).tag(cmd, id, pairs, o.remove ?? []));
  withOutput(command.command('cancel').argument('<run-id>').description('Cancel a run'))
    .action(async (id: string, _o: unknown, cmd: Command) => (await actions()).cancel(cmd, id));
  registerDownload(command);
  registerSubmit(command);
  registerLogs(command);
  registerRunConfig(command);
}
