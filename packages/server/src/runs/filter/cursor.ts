/**
 * A position in the token stream shared by the filter and order-by parsers, with the helpers that
 * turn "not what was expected here" into a FilterError pointing at the token.
 */
import { FilterError, describeToken } from './errors.js';
import { type Token, tokenize } from './tokenize.js';

export class Cursor {
  private readonly tokens: Token[];
  private index = 0;

  constructor(readonly input: string) {
    this.tokens = tokenize(input);
  }

  /** The token `ahead` places after the current one; past the end, the end token. */
  peek(ahead = 0): Token {
    const last = this.tokens.length - 1;
    return this.tokens[Math.min(this.index + ahead, last)] ?? { kind: 'end', text: '', position: this.input.length };
  }

  /** The current token, moving past it (never past the end). */
  next(): Token {
    const token = this.peek();
    if (token.kind !== 'end') this.index++;
    return token;
  }

  /** Whether the token `ahead` places on is one of `keywords` (ignoring case). */
  atKeyword(keywords: readonly string[], ahead = 0): boolean {
    return isKeyword(this.peek(ahead), keywords);
  }

  /** Throws FilterError `expected <what> at position <p>, found <token><hint>`, pointing at `token` (default: the current one). */
  expected(what: string, token: Token = this.peek(), hint = ''): never {
    const message = `expected ${what} at position ${token.position}, found ${describeToken(token.text)}${hint}`;
    throw new FilterError(message, token.position, token.text, this.input);
  }

  /** Throws FilterError with `message` as is, pointing at `token`. */
  fail(message: string, token: Token): never {
    throw new FilterError(message, token.position, token.text, this.input);
  }
}

/** Whether `token` is a bare word equal to one of `keywords`, ignoring case. */
export function isKeyword(token: Token, keywords: readonly string[]): boolean {
  return token.kind === 'word' && token.key === undefined && keywords.includes(token.head.toLowerCase());
}
