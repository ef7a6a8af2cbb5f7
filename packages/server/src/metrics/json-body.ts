/**
 * The JSON body parser of the metric batch route. Fastify's own parser runs two regular expressions
 * over every body to find `"__proto__":` and `"constructor":` keys (spelled plainly or with \u
 * escapes); on 1,000-point batches those scans cost about 3 % of ingestion. A key can only spell one
 * of those names with its plain letters or with a \u escape, so a body holding neither name nor any
 * `\u` cannot carry one: it is parsed with JSON.parse alone. Any other body (and any body JSON.parse
 * refuses) goes to Fastify's parser, so what is accepted, refused or reported is exactly as before.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';

/** Fastify's body parser in its callback form, over the body as a string. */
type StringParser = (request: FastifyRequest, body: string, done: (err: Error | null, body?: unknown) => void) => void;

/** Replaces the JSON parser of `scope` (an encapsulated plugin scope) with the screened one. */
export function useScreenedJsonParser(scope: FastifyInstance): void {
  // Fastify's default parser is the callback form; the server keeps Fastify's 'error' poisoning actions.
  const strict = scope.getDefaultJsonParser('error', 'error') as StringParser;
  scope.removeContentTypeParser('application/json');
  scope.addContentTypeParser('application/json', { parseAs: 'string' }, screenedJsonParser(strict));
}

/** JSON.parse for bodies that cannot hold a poisoning key, `strict` for all others. */
export function screenedJsonParser(strict: StringParser): StringParser {
  return (request, body, done) => {
    if (!mayHoldPoisonKey(body)) {
      try {
        done(null, JSON.parse(body));
        return;
      } catch {
        // The strict parser reports it, with Fastify's own error.
      }
    }
    strict(request, body, done);
  };
}

/** Whether `text` could name `__proto__` or `constructor` in a key: the plain names, or any \u escape. */
export function mayHoldPoisonKey(text: string): boolean {
  return text.includes('\\u') || text.includes('__proto__') || text.includes('constructor');
}
