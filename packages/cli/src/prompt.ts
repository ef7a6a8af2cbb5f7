/** Reading secrets and tokens: from a file, from piped stdin, or typed at a terminal without echo. */
import { readFile } from 'node:fs/promises';
import { CliError, UsageError } from './errors.js';

/** Drops one trailing line break: `echo value | cairn secret set X` must not store the newline. */
export function stripTrailingNewline(text: string): string {
  return text.replace(/\r?\n$/, '');
}

/** The state of a hidden prompt as keys arrive. */
export interface KeyState {
  value: string;
  done: boolean;
  canceled: boolean;
}

/** Applies typed characters to a hidden prompt: Enter ends, Backspace deletes, Ctrl-C cancels. */
export function applyKeys(state: KeyState, typed: string): KeyState {
  let { value } = state;
  for (const char of typed) {
    if (char === '\r' || char === '\n' || char === '\u0004') return { value, done: true, canceled: false };
    if (char === '\u0003') return { value: '', done: true, canceled: true };
    value = char === '\u007f' || char === '\b' ? value.slice(0, -1) : value + char;
  }
  return { value, done: false, canceled: false };
}

/** Asks for a value on the terminal with echo off; the prompt goes to stderr. */
export function promptHidden(question: string, input: NodeJS.ReadStream = process.stdin): Promise<string> {
  process.stderr.write(question);
  input.setRawMode(true);
  input.resume();
  input.setEncoding('utf8');
  let state: KeyState = { value: '', done: false, canceled: false };
  return new Promise((resolve, reject) => {
    const onData = (typed: string) => {
      state = applyKeys(state, typed);
      if (!state.done) return;
      input.off('data', onData);
      input.setRawMode(false);
      input.pause();
      process.stderr.write('\n');
      if (state.canceled) reject(new CliError('CANCELED', 'canceled at the prompt', 130));
      else resolve(state.value);
    };
    input.on('data', onData);
  });
}

/** Everything on stdin, as text. */
export async function readStdin(input: NodeJS.ReadStream = process.stdin): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of input) chunks.push(Buffer.from(chunk as Buffer));
  return Buffer.concat(chunks).toString('utf8');
}

/** A secret value from a file, else a hidden prompt on a terminal, else piped stdin; never empty. */
export async function readSecretValue(what: string, file: string | undefined): Promise<string> {
  const value = file
    ? stripTrailingNewline(await readFile(file, 'utf8'))
    : process.stdin.isTTY
      ? await promptHidden(`${what} (input hidden): `)
      : stripTrailingNewline(await readStdin());
  if (value === '') throw new UsageError(`${what} is empty`, 'pipe the value on stdin, type it at the prompt, or pass --file FILE');
  return value;
}
