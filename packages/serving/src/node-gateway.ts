/**
 * The gateway as a plain Node HTTP handler: body limit (413), key check (401), then the v1
 * protocol in front of a scorer. The server answers its scoring URLs with `serveScoring` before its
 * web framework sees them; benchmarks and a future stand-alone gateway use `gatewayHandler`.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { messageBody } from './outcome.js';
import { answerScoring, type ScoreFunction } from './v1-protocol.js';

/** What the handler needs. */
export interface GatewayOptions {
  /** Largest accepted body in bytes (v1: 100 MB). */
  bodyLimit: number;
  /** Whether the Authorization header grants scoring; omitted: no key. */
  authorize?: (authorization: string | undefined) => boolean;
  score: ScoreFunction;
}

/** A Node request handler answering `/score` (POST, GET, OPTIONS) and `/` (liveness). */
export function gatewayHandler(options: GatewayOptions): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => {
    const url = req.url ?? '/';
    const mark = url.indexOf('?');
    const path = mark < 0 ? url : url.slice(0, mark);
    if (path === '/' && req.method === 'GET') return send(res, 200, { 'content-type': 'text/plain' }, Buffer.from('Healthy'));
    if (path !== '/score') return send(res, 404, { 'content-type': 'application/json' }, messageBody('Not found'));
    serveScoring(req, res, options, url.slice(mark < 0 ? url.length : mark));
  };
}

/** Answers one request to a scoring URL (`search`: its query part, `?…` or empty); OPTIONS, v1's CORS preflight, needs no key. */
export function serveScoring(req: IncomingMessage, res: ServerResponse, options: GatewayOptions, search: string): void {
  if (req.method !== 'OPTIONS' && options.authorize && !options.authorize(req.headers.authorization)) {
    req.resume();
    return send(res, 401, { 'content-type': 'application/json' }, messageBody('Unauthorized: pass an endpoint key or token as "Authorization: Bearer <key>"'));
  }
  // Plain callbacks rather than an async function: no extra promises per request (allocation is GC time on this path).
  readBody(req, options.bodyLimit).then((body) => {
    if (body === null) return send(res, 413, { 'content-type': 'application/json', connection: 'close' }, messageBody(`The request body is over the ${options.bodyLimit} byte limit`));
    // Only the GET form reads the query: POSTs skip parsing it.
    const query = search.length > 1 && req.method === 'GET' ? new URLSearchParams(search.slice(1)) : NO_QUERY;
    void answerScoring({ method: req.method ?? 'GET', headers: req.headers, query, path: `/score${search}`, body }, options.score).then((answer) => send(res, answer.status, answer.headers, answer.body));
  }, () => res.destroy());
}

const NO_QUERY = new URLSearchParams();

/** Answers with `headers`, an object of this response's own (content-length and nosniff are added to it). */
function send(res: ServerResponse, status: number, headers: Record<string, string>, body: Buffer): void {
  headers['content-length'] = String(body.length);
  // Answers are read by programs: never sniffed into something a browser would run.
  headers['x-content-type-options'] = 'nosniff';
  res.writeHead(status, headers);
  // A small body goes as a latin1 string (the same bytes): Node then sends it in one write with
  // the header block, instead of a corked two-buffer writev that allocates per answer.
  if (body.length <= ONE_WRITE_MAX) res.end(body.toString('latin1'), 'latin1');
  else res.end(body);
}

/** Largest body sent as one string with its headers; larger ones are not copied into a string. */
const ONE_WRITE_MAX = 16 * 1024;

/** The body, or null once it passes `limit` bytes. */
export function readBody(req: IncomingMessage, limit: number): Promise<Buffer | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= limit) chunks.push(chunk);
    });
    // Small bodies come in one chunk: no copy then.
    req.on('end', () => resolve(size > limit ? null : chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, size)));
    req.on('error', reject);
  });
}
