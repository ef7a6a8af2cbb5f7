/**
 * The transport under every client method: one typed `call` for JSON routes, plus `upload`, `download`
 * and `ndjson` for streams. `CairnClient` adds the concept-by-concept methods on top.
 */
import { Readable } from 'node:stream';
import type { RouteDef, RouteInput, RouteOutput } from '@cairn/api';
import { connectionFailed } from './errors.js';
import { errorFromResponse, parseNdjson, readJson } from './responses.js';
import { routeUrl, type LooseInput } from './url.js';
import { uploadBody, type UploadOptions } from './upload.js';

/** How to reach a server. */
export interface TransportOptions {
  /** Base URL of the server, e.g. `http://127.0.0.1:8265`. */
  url: string;
  /** Bearer token. */
  token: string;
  /** A fetch to use instead of the global one (tests, proxies). */
  fetch?: typeof fetch;
}

/** The input argument of a route: optional when the route takes no params, query or body. */
export type InputArgs<R extends RouteDef> = {} extends RouteInput<R> ? [input?: RouteInput<R>] : [input: RouteInput<R>];

/** A downloaded body as a stream, with what the server said about its size and type. */
export type DownloadStream = Readable & { readonly contentLength: number | undefined; readonly contentType: string | undefined };

/** Low-level access to every route; `CairnClient` adds the concept methods on top. */
export class Transport {
  readonly url: string;
  readonly #token: string;
  readonly #fetch: typeof fetch;

  constructor(options: TransportOptions) {
    this.url = options.url.replace(/\/+$/, '');
    this.#token = options.token;
    this.#fetch = options.fetch ?? globalThis.fetch;
  }

  /** Calls a route with a JSON (or no) body and a JSON (or empty) answer, typed from its schemas. */
  async call<R extends RouteDef>(route: R, ...[input]: InputArgs<R>): Promise<RouteOutput<R>> {
    expectKinds(route, ['json'], ['json', 'empty'], 'call');
    const loose = (input ?? {}) as LooseInput;
    const hasBody = loose.body !== undefined;
    const { res, url } = await this.#send(route, loose, {
      body: hasBody ? JSON.stringify(loose.body) : undefined,
      headers: hasBody ? { 'content-type': 'application/json' } : {},
    });
    if (route.responseKind === 'empty') {
      await res.body?.cancel();
      return undefined as RouteOutput<R>;
    }
    return (await readJson(res, url)) as RouteOutput<R>;
  }

  /** Sends a stream (or buffer) as the body of a `bodyKind: 'stream'` route, reporting progress. */
  async upload<R extends RouteDef>(route: R, input: Omit<RouteInput<R>, 'body'>, body: Readable | Buffer, options: UploadOptions = {}): Promise<RouteOutput<R>> {
    expectKinds(route, ['stream'], ['json', 'empty'], 'upload');
    const prepared = uploadBody(body, options);
    const { res, url } = await this.#send(route, input as LooseInput, prepared.init, prepared.sourceError);
    if (route.responseKind === 'empty') return undefined as RouteOutput<R>;
    return (await readJson(res, url)) as RouteOutput<R>;
  }

  /** Starts downloading a `responseKind: 'bytes'` route; the stream carries its content length. */
  async download<R extends RouteDef>(route: R, ...[input]: InputArgs<R>): Promise<DownloadStream> {
    expectKinds(route, ['json'], ['bytes'], 'download');
    const { res } = await this.#send(route, (input ?? {}) as LooseInput, {});
    const stream = res.body ? Readable.fromWeb(res.body as never) : Readable.from([]);
    const length = res.headers.get('content-length');
    return Object.assign(stream, {
      contentLength: length === null ? undefined : Number(length),
      contentType: res.headers.get('content-type') ?? undefined,
    });
  }

  /** Reads a `responseKind: 'ndjson'` route value by value; the request starts on first iteration. */
  async *ndjson<R extends RouteDef>(route: R, ...[input]: InputArgs<R>): AsyncGenerator<RouteOutput<R>> {
    expectKinds(route, ['json'], ['ndjson'], 'ndjson');
    const { res } = await this.#send(route, (input ?? {}) as LooseInput, {});
    if (!res.body) return;
    for await (const value of parseNdjson(res.body as AsyncIterable<Uint8Array>)) yield value as RouteOutput<R>;
  }

  async #send(route: RouteDef, input: LooseInput, init: RequestInit, sourceError?: () => unknown): Promise<{ res: Response; url: string }> {
    const url = routeUrl(this.url, route, input);
    const headers = { authorization: `Bearer ${this.#token}`, accept: 'application/json', ...(init.headers as Record<string, string>) };
    let res: Response;
    try {
      res = await this.#fetch(url, { ...init, method: route.method, headers });
    } catch (error) {
      // When our own upload source failed, that is the error to report, not the connection.
      throw sourceError?.() ?? (isAbort(error) ? error : connectionFailed(this.url, error));
    }
    if (!res.ok) throw await errorFromResponse(res, url);
    return { res, url };
  }
}

function isAbort(error: unknown): boolean {
  return (error as { name?: string } | null)?.name === 'AbortError';
}

// The route kinds are runtime values (RouteDef types them as unions), so a mismatch is caught here.
function expectKinds(route: RouteDef, bodies: string[], responses: string[], method: string): void {
  if (bodies.includes(route.bodyKind) && responses.includes(route.responseKind)) return;
  throw new TypeError(`route ${route.id} (body ${route.bodyKind}, response ${route.responseKind}) cannot be used with ${method}()`);
}
