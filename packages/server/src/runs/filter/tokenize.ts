/**
 * The tokenizer of the filter and order-by languages. It knows nothing of fields or keywords
 * beyond their shape: a word is `head` or `head.key`, where the key is bare (`[A-Za-z0-9_.-]`) or
 * backtick-quoted, so `metrics.val-loss` and ``metrics.`val loss` `` are single tokens.
 */
import { FilterError, describeToken } from './errors.js';

export type Token =
  | { kind: 'word'; text: string; position: number; head: string; key: string | undefined }
  | { kind: 'number'; text: string; position: number; value: number }
  | { kind: 'string'; text: string; position: number; value: string }
  | { kind: 'operator' | '(' | ')' | ','; text: string; position: number }
  | { kind: 'end'; text: ''; position: number };

const operators = ['<=', '>=', '!=', '<>', '=', '<', '>'];
const wordStart = /[A-Za-z_]/y;
const headPattern = /[A-Za-z_][A-Za-z0-9_-]*/y;
const bareKeyPattern = /[A-Za-z0-9_.-]*/y;
const numberPattern = /-?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?/y;
// Escapes that keep their backslash, so `like '50\%'` reaches SQL LIKE as an escaped `%`.
const likeEscapes = new Set(['%', '_']);
const simpleEscapes: Record<string, string> = { '\\': '\\', "'": "'", '"': '"', '`': '`', n: '\n', t: '\t', r: '\r' };

/** Splits `input` into tokens, ending with one `end` token; throws FilterError on a character that starts no token. */
export function tokenize(input: string): Token[] {
  const tokens: Token[] = [];
  let position = skipSpace(input, 0);
  while (position < input.length) {
    const token = readToken(input, position);
    tokens.push(token);
    position = skipSpace(input, position + token.text.length);
  }
  tokens.push({ kind: 'end', text: '', position: input.length });
  return tokens;
}

function skipSpace(input: string, position: number): number {
  while (position < input.length && /\s/.test(input.charAt(position))) position++;
  return position;
}

function readToken(input: string, position: number): Token {
  const char = input.charAt(position);
  if (char === '(' || char === ')' || char === ',') return { kind: char, text: char, position };
  if (char === "'" || char === '"') return readString(input, position);
  if (matchAt(numberPattern, input, position) !== undefined) return readNumber(input, position);
  if (matchAt(wordStart, input, position) !== undefined) return readWord(input, position);
  const operator = operators.find((op) => input.startsWith(op, position));
  if (operator !== undefined) return readOperator(input, position, operator);
  throw new FilterError(`unexpected character '${char}' at position ${position}`, position, char, input);
}

function matchAt(pattern: RegExp, input: string, position: number): string | undefined {
  pattern.lastIndex = position;
  return pattern.exec(input)?.[0];
}

function readOperator(input: string, position: number, operator: string): Token {
  // `==` is a common slip from other languages; name the right operator instead of a vague error.
  if (operator === '=' && input.charAt(position + 1) === '=') {
    throw new FilterError(`unknown operator '==' at position ${position}; use '=' to test equality`, position, '==', input);
  }
  return { kind: 'operator', text: operator, position };
}

function readNumber(input: string, position: number): Token {
  const text = matchAt(numberPattern, input, position) ?? '';
  const end = position + text.length;
  if (/[A-Za-z0-9_.`]/.test(input.charAt(end))) {
    const bad = input.slice(position).match(/^[^\s(),=<>!]+/)?.[0] ?? text;
    throw new FilterError(`malformed number ${describeToken(bad)} at position ${position}`, position, bad, input);
  }
  const value = Number(text);
  if (!Number.isFinite(value)) {
    throw new FilterError(`number '${text}' at position ${position} is out of range`, position, text, input);
  }
  return { kind: 'number', text, position, value };
}

function readWord(input: string, position: number): Token {
  const head = matchAt(headPattern, input, position) ?? '';
  let end = position + head.length;
  if (input.charAt(end) !== '.') return { kind: 'word', text: head, position, head, key: undefined };
  end++;
  if (input.charAt(end) === '`') {
    const quoted = readQuoted(input, end, '`');
    return { kind: 'word', text: input.slice(position, quoted.end), position, head, key: quoted.value };
  }
  const key = matchAt(bareKeyPattern, input, end) ?? '';
  return { kind: 'word', text: input.slice(position, end + key.length), position, head, key };
}

function readString(input: string, position: number): Token {
  const quoted = readQuoted(input, position, input.charAt(position));
  return { kind: 'string', text: input.slice(position, quoted.end), position, value: quoted.value };
}

/** Reads a quoted run starting at the opening `quote`; `end` is just past the closing quote. */
function readQuoted(input: string, start: number, quote: string): { value: string; end: number } {
  let value = '';
  for (let i = start + 1; i < input.length; i++) {
    const char = input.charAt(i);
    if (char === quote) return { value, end: i + 1 };
    if (char !== '\\') {
      value += char;
      continue;
    }
    value += unescape(input, i);
    i++;
  }
  const rest = input.slice(start);
  throw new FilterError(`unterminated ${quote}-quoted text starting at position ${start}`, start, rest, input);
}

function unescape(input: string, backslash: number): string {
  const next = input.charAt(backslash + 1);
  // A backslash at the very end leaves the text unterminated; the caller reports that.
  if (next === '') return '';
  if (likeEscapes.has(next)) return `\\${next}`;
  const simple = simpleEscapes[next];
  if (simple !== undefined) return simple;
  const token = input.slice(backslash, backslash + 2);
  const known = "\\\\, \\', \\\", \\`, \\n, \\t, \\r, \\% and \\_";
  throw new FilterError(`unknown escape '${token}' at position ${backslash}; known escapes are ${known}`, backslash, token, input);
}
