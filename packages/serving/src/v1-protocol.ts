/**
 * The v1 inference server's HTTP rules (reference §10.2), independent of the HTTP framework:
 * request id headers (x-request-id generated when absent, over 100 characters → 431), the legacy
 * and client ids echoed, `x-ms-run-fn-exec-ms`, the GET form (query → JSON object string), UTF-8
 * checked (400, by the scorer: `@rawhttp` takes any bytes), and `{"message": …}` error bodies. The
 * key check is the caller's `authorize`.
 */
import { randomUUID } from 'node:crypto';
import { messageBody, notUtf8, type ScoreOutcome } from './outcome.js';
import type { ReplicaMode } from './replica.js';

/** The version reported in `x-ms-server-version`. */
export const SERVER_VERSION = 'cairn-serving/0.1.0';

/** A scoring request, as any HTTP framework hands it over. */
export interface ScoringRequest {
  method: string;
  headers: Record<string, string | string[] | undefined>;
  /** Query parameters of the GET form. */
  query: URLSearchParams;
  /** The path below the endpoint and the query, as sent (`/score?a=1`), for `@rawhttp`. */
  path: string;
  /** The body as sent (the GET form's JSON string is the `body` given to `score`). */
  body: Buffer;
}

/** Scores one accepted request: `body` is what run() gets in v1's plain mode. */
export type ScoreFunction = (body: Buffer, request: ScoringRequest) => Promise<ScoreOutcome>;

/** A framed answer. */
export interface ScoringResponse {
  status: number;
  headers: Record<string, string>;
  body: Buffer;
}

/** Answers one scoring request; `score` is called only for an accepted POST or GET. */
export async function answerScoring(request: ScoringRequest, score: ScoreFunction): Promise<ScoringResponse> {
  const ids = requestIds(request.headers);
  if (ids === null) return frame({ status: 431, body: messageBody('x-request-id must be at most 100 characters') }, {});
  if (request.method === 'OPTIONS') return { status: 200, headers: ids, body: Buffer.alloc(0) };
  if (request.method !== 'POST' && request.method !== 'GET') return frame({ status: 405, body: messageBody('Method not allowed') }, ids);
  const body = request.method === 'GET' ? Buffer.from(queryAsJson(request.query)) : request.body;
  return frame(await score(body, request), ids);
}

function header(headers: ScoringRequest['headers'], name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/** The id headers to echo, or null when x-request-id is too long. */
function requestIds(headers: ScoringRequest['headers']): Record<string, string> | null {
  const requestId = header(headers, 'x-request-id') ?? randomUUID();
  if (requestId.length > 100) return null;
  const client = header(headers, 'x-ms-client-request-id');
  const out: Record<string, string> = { 'x-request-id': requestId, 'x-ms-request-id': header(headers, 'x-ms-request-id') ?? client ?? requestId };
  if (client !== undefined) out['x-ms-client-request-id'] = client;
  const trace = header(headers, 'traceid');
  if (trace !== undefined) out.traceid = trace;
  return out;
}

/** The answer's headers are added to `ids`, which is this request's own object: no copy. */
function frame(outcome: ScoreOutcome, ids: Record<string, string>): ScoringResponse {
  const headers = outcome.headers === undefined ? ids : Object.assign(ids, outcome.headers);
  headers['content-type'] ??= 'application/json';
  headers['x-ms-server-version'] = SERVER_VERSION;
  if (outcome.runMicros !== undefined) headers['x-ms-run-fn-exec-ms'] = (outcome.runMicros / 1000).toFixed(3);
  if (outcome.retryAfter !== undefined) headers['retry-after'] = String(outcome.retryAfter);
  if (outcome.status >= 500 && outcome.status !== 503) headers['x-ms-run-function-failed'] = 'True';
  return { status: outcome.status, headers, body: outcome.body };
}

/** v1's GET form: query parameters as a JSON object string, repeated keys a list, values JSON-parsed when they parse. */
export function queryAsJson(query: URLSearchParams): string {
  const out: Record<string, unknown> = {};
  for (const key of new Set(query.keys())) {
    const values = query.getAll(key).map(parseLoose);
    out[key] = values.length === 1 ? values[0] : values;
  }
  return JSON.stringify(out);
}

function parseLoose(value: string): unknown {
  try {
    return JSON.parse(value);
  } catch {
    return value;
  }
}

const NOT_JSON_CONTENT = messageBody('Expects Content-Type to be application/json');

/**
 * v1's checks before run() is called, by how it takes requests: a `@rawhttp` run() takes any
 * request; the others take UTF-8 text (400), and an `@input_schema` run() a POST only with
 * `Content-Type: application/json` (415). Null when run() may be called.
 */
export function refusal(mode: ReplicaMode, body: Buffer, request: ScoringRequest | undefined): ScoreOutcome | null {
  if (mode === 'raw') return null;
  if (mode === 'schema' && request?.method === 'POST' && !isJson(header(request.headers, 'content-type'))) return { status: 415, body: NOT_JSON_CONTENT };
  return notUtf8(body);
}

function isJson(contentType: string | undefined): boolean {
  return contentType?.split(';', 1)[0]!.trim().toLowerCase() === 'application/json';
}
