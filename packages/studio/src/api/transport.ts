/**
 * The studio's transport: the SDK's URL building, error decoding and concept facades, over the
 * browser's fetch with the session cookie instead of a bearer token. The SDK's own Transport reads
 * streams with node:stream, so the studio implements `call` here and hands itself to the facades,
 * which only ever use `call`.
 */
import { STUDIO_HEADER, type RouteDef, type RouteOutput } from '@cairn/api';
import { errorFromResponse, readJson } from '../../../sdk/src/responses.js';
import type { Transport, InputArgs } from '../../../sdk/src/transport.js';
import { routeUrl, type LooseInput } from '../../../sdk/src/url.js';

/** Called when the server says the session is gone, so the studio can show sign-in. */
export type OnUnauthenticated = () => void;

/** Cookie-authenticated route calls from the studio's own origin. */
export class BrowserTransport {
  readonly url = window.location.origin;
  constructor(private readonly onUnauthenticated: OnUnauthenticated) {}

  /** Calls a JSON route, as `Transport.call` does, with the CSRF header the server asks of cookie writes. */
  async call<R extends RouteDef>(route: R, ...[input]: InputArgs<R>): Promise<RouteOutput<R>> {
    const res = await this.fetch(route, (input ?? {}) as LooseInput);
    if (route.responseKind === 'empty') return undefined as RouteOutput<R>;
    return (await readJson(res, res.url)) as RouteOutput<R>;
  }

  /** The URL of a route, for links the browser follows itself (downloads, EventSource). */
  href(route: RouteDef, input: LooseInput): string {
    return routeUrl(this.url, route, input);
  }

  /** Fetches a route and raises the server's error for a non-2xx answer. */
  async fetch(route: RouteDef, input: LooseInput, headers: Record<string, string> = {}): Promise<Response> {
    const url = routeUrl(this.url, route, input);
    const hasBody = input.body !== undefined;
    const res = await fetch(url, {
      method: route.method,
      credentials: 'same-origin',
      headers: { accept: 'application/json', [STUDIO_HEADER]: '1', ...(hasBody ? { 'content-type': 'application/json' } : {}), ...headers },
      body: hasBody ? JSON.stringify(input.body) : undefined,
    });
    if (res.status === 401) this.onUnauthenticated();
    if (!res.ok) throw await errorFromResponse(res, url);
    return res;
  }

  /** This transport where an SDK facade expects the SDK's: the facades call nothing but `call`. */
  asSdk(): Transport {
    return this as unknown as Transport;
  }
}
