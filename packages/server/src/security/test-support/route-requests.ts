/** Builds a plausible request for any route of the contract, so security tests can walk them all. */
import type { InjectOptions } from 'fastify';
import { pathParams, type RouteDef } from '@cairn/api';

/** Valid-looking values for every path parameter name the contract uses. */
export const sampleParams: Record<string, string> = {
  workspace: 'default',
  experiment: 'exp-1',
  runId: 'run-1',
  name: 'name-1',
  path: 'outputs/model.txt',
  id: '0123456789abcdef',
  sha256: 'ab'.repeat(32),
  snapshotId: 'cd'.repeat(32),
  environment: 'env-1',
  build: '1',
  ref: 'model-1:1',
  version: '1',
  alias: 'production',
  deployment: 'blue',
};

/** The URL of a route with its path parameters filled in. */
export function routeUrl(route: RouteDef, params: Record<string, string> = {}): string {
  const values = { ...sampleParams, ...params };
  for (const name of pathParams(route.path)) {
    if (!(name in values)) throw new Error(`no sample value for path parameter {${name}} of ${route.id}: add one to sampleParams in security/test-support/route-requests.ts`);
  }
  return `/api/v1${route.path.replace(/\{(\w+)\+?\}/g, (_match, name: string) => values[name]!)}`;
}

const hasBody = (route: RouteDef) => route.bodyKind === 'stream' || !route.body.safeParse(undefined).success;

/** A request for the route: sample params, and a body (`{}` unless given) only where the route takes one. */
export function routeRequest(route: RouteDef, headers: Record<string, string>, options: { params?: Record<string, string>; body?: unknown } = {}): InjectOptions {
  const request: InjectOptions = { method: route.method, url: routeUrl(route, options.params), headers: { ...headers } };
  if (route.bodyKind === 'stream') {
    request.headers = { ...request.headers, 'content-type': 'application/octet-stream' };
    request.payload = Buffer.from(options.body === undefined ? 'file content' : String(options.body));
  } else if (hasBody(route)) {
    request.payload = (options.body ?? {}) as InjectOptions['payload'];
  }
  return request;
}
