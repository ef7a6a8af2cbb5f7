import { InputError } from '@cairn/api';

/**
 * A filter or order-by expression that does not parse or does not type-check. It is an API
 * `INVALID_FILTER` error (400) whose details carry `position`, `token` and `pointer`, so the HTTP
 * layer answers it without any glue and the CLI can print the pointer.
 */
export class FilterError extends InputError {
  /** The input line with a `^` line under the offending token, for a terminal or a log. */
  readonly pointer: string;

  constructor(
    message: string,
    readonly position: number,
    readonly token: string,
    input = '',
  ) {
    const pointer = caretLine(input, position, token);
    super('INVALID_FILTER', message, { position, token, pointer });
    this.name = 'FilterError';
    this.pointer = pointer;
  }
}

/** The input line holding `position`, a newline, then carets under `token` (one caret at the end). */
function caretLine(input: string, position: number, token: string): string {
  if (input === '') return '';
  const start = input.lastIndexOf('\n', position - 1) + 1;
  const end = input.indexOf('\n', position);
  const line = input.slice(start, end === -1 ? undefined : end);
  // Tabs keep their width in the caret line so the caret stays under the token.
  const pad = input.slice(start, position).replace(/[^\t]/g, ' ');
  const width = Math.max(1, Math.min(token.length, line.length - (position - start)));
  return `${line}\n${pad}${'^'.repeat(width)}`;
}

/** How a token is named in messages: quoted (strings as written), or `end of input` when the input ran out. */
export function describeToken(text: string): string {
  if (text === '') return 'end of input';
  return /^['"]/.test(text) ? text : `'${text}'`;
}
