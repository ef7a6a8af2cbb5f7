/**
 * Printing data: `-o json` writes machine-readable JSON to stdout and nothing else; `-o table` (the
 * default) writes a table for people. Notes and confirmations always go to stderr.
 */
import Table from 'cli-table3';
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

/** A table with a header row; no colours or borders, so it pastes and greps cleanly. */
export function renderTable(head: string[], rows: string[][]): string {
  const table = new Table({ head, chars: borderless, style: { head: [], border: [], 'padding-left': 0, 'padding-right': 2 } });
  table.push(...rows);
  return `${trimLines(table.toString())}\n`;
}

/** A two-column table of labelled fields, for showing one object. */
export function renderFields(fields: Array<[string, string]>): string {
  const table = new Table({ chars: borderless, style: { head: [], border: [], 'padding-left': 0, 'padding-right': 2 } });
  table.push(...fields.map(([label, value]) => [`${label}:`, value]));
  return `${trimLines(table.toString())}\n`;
}

/** Prints data as the command's `-o` asks: JSON of `data`, or the table `render` makes of it. */
export function printData<T>(command: Command, data: T, render: (data: T) => string): void {
  process.stdout.write(outputFormat(command) === 'json' ? toJson(data) : render(data));
}

/** A note for people, on stderr so that stdout stays data. */
export function note(message: string): void {
  process.stderr.write(`${message}\n`);
}

const borderless = {
  top: '', 'top-mid': '', 'top-left': '', 'top-right': '', bottom: '', 'bottom-mid': '', 'bottom-left': '', 'bottom-right': '',
  left: '', 'left-mid': '', mid: '', 'mid-mid': '', right: '', 'right-mid': '', middle: '',
};

function trimLines(text: string): string {
  return text.split('\n').map((line) => line.trimEnd()).filter((line, i, all) => line !== '' || i < all.length - 1).join('\n');
}
