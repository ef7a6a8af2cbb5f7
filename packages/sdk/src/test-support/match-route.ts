/** Finds the route a request reached, the way a router would: by method and path pattern. */
import { allRoutes, type RouteDef } from '@cairn/api';
import { API_PREFIX } from '../url.js';

/** The route of the contract that `method url` reaches, if any. */
export function matchRoute(method: string, url: string): RouteDef | undefined {
  const path = new URL(url).pathname.replace(API_PREFIX, '');
  return allRoutes.find((r) => r.method === method && pathPattern(r.path).test(path));
}

function pathPattern(path: string): RegExp {
  const source = path.replace(/[.*?^$()|[\]\\]/g, '\\$&').replace(/\{\w+\+\}/g, '[^?]+').replace(/\{\w+\}/g, '[^/?]+');
  return new RegExp(`^${source}$`);
}
