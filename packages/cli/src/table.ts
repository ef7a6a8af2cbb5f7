/**
 * Tables for people: no colours or borders. Apart from output.ts so that a command that prints no
 * table (`run submit-script`) does not load cli-table3 and its colours (ADR 17).
 */
import Table from 'cli-table3';

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

const borderless = {
  top: '', 'top-mid': '', 'top-left': '', 'top-right': '', bottom: '', 'bottom-mid': '', 'bottom-left': '', 'bottom-right': '',
  left: '', 'left-mid': '', mid: '', 'mid-mid': '', right: '', 'right-mid': '', middle: '',
};

function trimLines(text: string): string {
  return text.split('\n').map((line) => line.trimEnd()).filter((line, i, all) => line !== '' || i < all.length - 1).join('\n');
}
