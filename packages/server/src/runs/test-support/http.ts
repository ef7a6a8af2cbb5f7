/** Calls a test server's API through `app.inject` as a given token, for the run and experiment tests. */
import type { TestServer } from '../../test-support/test-server.js';

export interface Answer {
  status: number;
  body: any;
}

export type Call = (method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE', path: string, payload?: unknown) => Promise<Answer>;

/** A caller of `/api/v1/workspaces/<workspace>…` holding `token` (the owner's by default). */
export function caller(server: TestServer, token = server.ownerToken, workspace = 'default'): Call {
  return async (method, path, payload) => {
    const res = await server.app.inject({
      method, url: `/api/v1/workspaces/${workspace}${path}`, headers: { authorization: `Bearer ${token}` },
      ...(payload === undefined ? {} : { payload: payload as object }),
    });
    return { status: res.statusCode, body: res.body === '' ? undefined : res.json() };
  };
}

/** `?a=1&b=2` from the defined entries of `query`. */
export function qs(query: Record<string, string | number | undefined>): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) if (value !== undefined) params.set(key, String(value));
  const text = params.toString();
  return text === '' ? '' : `?${text}`;
}
