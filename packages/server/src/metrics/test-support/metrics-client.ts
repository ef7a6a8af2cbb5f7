/** The metric routes called through `app.inject`, as a client would call them. */
import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';

export interface Reply<T = any> {
  status: number;
  body: T;
}

/** A client for one workspace's metric routes with one token. */
export function metricsClient(app: FastifyInstance, token: string, workspace = 'default') {
  const headers = { authorization: `Bearer ${token}` };
  const runs = `/api/v1/workspaces/${workspace}/runs`;
  const call = async (method: 'GET' | 'POST', url: string, payload?: unknown): Promise<Reply> => {
    const res = await app.inject({ method, url, headers, ...(payload === undefined ? {} : { payload: payload as object }) });
    const text = res.body;
    return { status: res.statusCode, body: text === '' ? undefined : res.headers['content-type']?.includes('ndjson') ? text : JSON.parse(text) };
  };
  return {
    log: (runId: string, points: unknown[], batchKey: string = randomUUID()) => call('POST', `${runs}/${runId}/metrics`, { batchKey, points }),
    /** Posts a batch in any shape: `{ points?, series? }` (the columnar shape is `series`). */
    batch: (runId: string, body: { points?: unknown[]; series?: unknown[] }, batchKey: string = randomUUID()) =>
      call('POST', `${runs}/${runId}/metrics`, { batchKey, ...body }),
    list: (runId: string) => call('GET', `${runs}/${runId}/metrics`),
    series: (runId: string, name: string, query = '') => call('GET', `${runs}/${runId}/metrics/${encodeURIComponent(name)}${query}`),
    /** The NDJSON blocks of a whole series, parsed. */
    points: async (runId: string, name: string): Promise<Reply> => {
      const reply = await call('GET', `${runs}/${runId}/metrics/${encodeURIComponent(name)}/points`);
      if (reply.status !== 200) return reply;
      return { status: 200, body: (reply.body as string).split('\n').filter(Boolean).map((line) => JSON.parse(line)) };
    },
    latest: (runIds: string[], names?: string[]) => call('POST', `/api/v1/workspaces/${workspace}/metrics/latest`, names ? { runIds, names } : { runIds }),
  };
}

/** `count` scalar points of one metric with steps from `from`, values from `value(step)`. */
export function scalars(name: string, count: number, value: (step: number) => unknown = (s) => s / 10, from = 0) {
  return Array.from({ length: count }, (_, i) => ({ name, step: from + i, timestamp: 1_700_000_000_000 + from + i, value: value(from + i) }));
}
