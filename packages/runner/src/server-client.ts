/**
 * The runner's HTTP calls. Every call is retried on connection errors and 5xx answers until
 * `retryForMs` has passed, so a server restart costs the run nothing; batch calls carry keys, so a
 * retry after a lost answer stores nothing twice.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { Readable } from 'node:stream';
import { httpFetch } from './http-fetch.js';

export class ServerError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export class ServerClient {
  constructor(
    private readonly url: string,
    private readonly token: string,
    private readonly workspace: string,
    private readonly retryForMs: number,
  ) {}

  /** `/api/v1/workspaces/{ws}` + path. */
  path(rest: string): string {
    return `${this.url}/api/v1/workspaces/${encodeURIComponent(this.workspace)}${rest}`;
  }

  /** A JSON call, retried; 4xx answers throw ServerError at once. */
  async json<T>(method: string, rest: string, body?: unknown): Promise<T> {
    const res = await this.send(method, rest, () => (body === undefined ? {} : { body: JSON.stringify(body), headers: { 'content-type': 'application/json' } }));
    return (res.status === 204 ? undefined : await res.json()) as T;
  }

  /** Uploads a file body produced afresh on each attempt. */
  async upload(rest: string, body: () => Readable): Promise<void> {
    const res = await this.send('PUT', rest, () => ({ body: body() as never, headers: { 'content-type': 'application/octet-stream' } }));
    // Read to the end, so that the connection is free for the next call.
    await res.arrayBuffer();
  }

  /** Downloads bytes. */
  async bytes(rest: string): Promise<Response> {
    return this.send('GET', rest, () => ({}));
  }

  private async send(method: string, rest: string, init: () => RequestInit): Promise<Response> {
    const deadline = Date.now() + this.retryForMs;
    for (let attempt = 0; ; attempt++) {
      let failure: unknown;
      try {
        const request = init();
        const res = await httpFetch(this.path(rest), { method, ...request, headers: { authorization: `Bearer ${this.token}`, ...(request.headers as Record<string, string>) } });
        if (res.ok) return res;
        if (res.status < 500) throw await toError(res);
        failure = await toError(res);
      } catch (error) {
        if (error instanceof ServerError && error.status < 500) throw error;
        failure = error;
      }
      if (Date.now() > deadline) throw failure;
      await sleep(Math.min(2000, 50 * 2 ** Math.min(attempt, 6)));
    }
  }
}

async function toError(res: Response): Promise<ServerError> {
  const text = await res.text().catch(() => '');
  try {
    const body = JSON.parse(text) as { error: { code: string; message: string } };
    return new ServerError(res.status, body.error.code, body.error.message);
  } catch {
    return new ServerError(res.status, 'HTTP', `HTTP ${res.status}: ${text.slice(0, 200)}`);
  }
}
