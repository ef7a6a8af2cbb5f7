/**
 * `cairn run metrics RUN_ID [NAME]`: registered here, run by run-metrics-show.ts, which is loaded only
 * when the command runs (it reads metric values with the contract's helpers, which load zod).
 */
import type { Command } from 'commander';
import { intOption } from '../options.js';
import { withOutput } from '../output.js';
import type { MetricsOptions } from './run-metrics-show.js';

/** Registers `cairn run metrics`. */
export function registerMetrics(run: Command): void {
  withOutput(run.command('metrics').argument('<run-id>').argument('[name]', 'a metric: show its series').description("Show a run's metrics, or one metric's series"))
    .option('--max-points <n>', 'downsample the series to at most N points (2-100000)', intOption('--max-points', 2, 100_000))
    .option('--no-chart', 'print the points as a table even on a terminal')
    .action(async (id: string, name: string | undefined, o: MetricsOptions, cmd: Command) => {
      const show = await import('./run-metrics-show.js');
      return name ? show.series(cmd, id, name, o) : show.latest(cmd, id);
    });
}
