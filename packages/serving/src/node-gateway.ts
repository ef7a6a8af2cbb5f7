/**
 * The gateway as a plain Node HTTP handler: body limit (413), key check (401), then the v1
 * protocol in front of a scorer. The server mounts the same pieces under its own routes; benchmarks
 * and a future stand-alone gateway use this directly.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { messageBody, type ScoreOutcome } from './outcome.js';
import { answerScoring } from './v1-protocol.js';

/** What the handler needs. */
export interface GatewayOptions {
  /** Largest accepted body in bytes (v1: 100 MB). */
  bodyLimit: number;
  /** Whether the Authorization header grants scoring; omitted: no key. */
  authorize?: (authorization: string | undefined) => boolean;
  score: (body: Buffer) => Promise<ScoreOutcome>;
}

/** A Node request handler answering `/score` (POST, GET, OPTIONS) and `/` (liveness). */
export function gatewayHandler(options: GatewayOptions): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => {
    const url = req.url ?? '/';
    const mark = url.indexOf('?');
    const path = mark < 0 ? url : url.slice(0, mark);
    if (path === '/' && req.method === 'GET') return send(res, 200, { 'content-type': 'text/plain' }, Buffer.from('Healthy'));
    if (path !== '/score') return send(res, 404, { 'content-type': 'application/json' }, messageBody('Not found'));
    if (options.authorize && !options.authorize(req.headers.authorization)) {
      req.resume();
      return send(res, 401, { 'content-type': 'application/json' }, messageBody('Unauthorized: pass an endpoint key or token as "Authorization: Bearer <key>"'));
    }
    readBody(req, options.bodyLimit).then(async (body) => {
      if (body === null) return send(res, 413, { 'content-type': 'application/json', connection: 'close' }, messageBody(`The request body is over the ${options.bodyLimit} byte limit`));
      // Only the GET form reads the query: POSTs skip parsing it.
      const query = mark >= 0 && req.method === 'GET' ? new URLSearchParams(url.slice(mark + 1)) : NO_QUERY;
      const answer = await answerScoring({ method: req.method ?? 'GET', headers: req.headers, query, body }, options.score);
      send(res, answer.status, answer.headers, answer.body);
    }, () => res.destroy());
  };
}

const NO_QUERY = new URLSearchParams();

/** Answers with `headers`, an object of this response's own (content-length is added to it). */
function send(res: ServerResponse, status: number, headers: Record<string, string>, body: Buffer): void {
  headers['content-length'] = String(body.length);
  res.writeHead(status, headers);
  res.end(body);
}

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
