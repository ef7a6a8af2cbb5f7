/** Building request URLs from a route and its input. */
import { CairnError, type RouteDef } from '@cairn/api';

/** The prefix every route path sits under. */
export const API_PREFIX = '/api/v1';

/** The untyped shape of a route input, as the URL builder reads it. */
export interface LooseInput {
  params?: Record<string, unknown>;
  query?: Record<string, unknown>;
  body?: unknown;
}

/** The absolute URL of a route for an input: path parameters encoded, query string appended. */
export function routeUrl(base: string, route: RouteDef, input: LooseInput): string {
  const path = route.path.replace(/\{(\w+)(\+?)\}/g, (_match, name: string, rest: string) =>
    encodeParam(name, input.params?.[name], rest === '+'),
  );
  const query = queryString(input.query);
  return `${base.replace(/\/+$/, '')}${API_PREFIX}${path}${query ? `?${query}` : ''}`;
}

function encodeParam(name: string, value: unknown, catchAll: boolean): string {
  if (value === undefined || value === null || value === '') throw new CairnError('INVALID_INPUT', `missing path parameter "${name}"`);
  if (!catchAll) return encodeURIComponent(String(value));
  const segments = String(value).split('/');
  // URL parsers resolve "." and ".." (even percent-encoded), so such a path could never reach the server as written.
  if (segments.some((s) => s === '.' || s === '..')) {
    throw new CairnError('INVALID_INPUT', `path "${String(value)}" has a "." or ".." segment`);
  }
  return segments.map(encodeURIComponent).join('/');
}

/** The query string of a query object; undefined and null values are left out, arrays repeat their key. */
export function queryString(query: Record<string, unknown> | undefined): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(query ?? {})) {
    if (value === undefined || value === null) continue;
    // An array repeats its key (`tag=a&tag=b`), as the API's repeatable filters expect.
    for (const item of Array.isArray(value) ? value : [value]) search.append(key, String(item));
  }
  return search.toString();
}
