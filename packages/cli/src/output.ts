/**
 * Printing data: `-o json` writes machine-readable JSON to stdout and nothing else; `-o table` (the
 * default) writes a table for people (table.ts draws it). Notes and confirmations always go to stderr.
 */
import { Option, type Command } from 'commander';

/** The output formats of `-o/--output`. */
export type OutputFormat = 'json' | 'table';

/** Adds `-o/--output json|table` to a command that prints data. */
export function withOutput(command: Command): Command {
  return command.addOption(new Option('-o, --output <format>', 'output format').choices(['json', 'table']).default('table'));
}

/** The output format a command was asked for. */
export function outputFormat(command: Command): OutputFormat {
  return (command.opts() as { output?: OutputFormat }).output ?? 'table';
}

/** JSON as printed by `-o json`: indented, one trailing newline. */
export function toJson(data: unknown): string {
  return `${JSON.stringify(data, null, 2)}\n`;
}

/** Prints data as the command's `-o` asks: JSON of `data`, or the table `render` makes of it. */
export function printData<T>(command: Command, data: T, render: (data: T) => string): void {
  process.stdout.write(outputFormat(command) === 'json' ? toJson(data) : render(data));
}

/** A note for people, on stderr so that stdout stays data. */
export function note(message: string): void {
  process.stderr.write(`${message}\n`);
}
