/** The `cairn` command line, as a library: run it in-process, or reuse its exit codes. */
export { runCli } from './cli.js';
export { exitCodes, exitCodeFor, CliError, UsageError } from './errors.js';
export { commandTable, type CommandEntry, type CommandModule } from './command-table.js';
