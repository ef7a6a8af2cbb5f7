/**
 * The part of `fetch` Cairn's Node programs use, over `node:http`: the runner's calls, and the CLI's
 * through the SDK's `fetch` option. Node's own fetch loads undici and compiles its WebAssembly HTTP
 * parser on the first request, which cost a short-lived process 50–100 ms before its first answer
 * (ADR 17). Connections are kept alive and reused; an idle one is closed after 4 s, before a server
 * would close it under a request.
 */
import http from 'node:http';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';

type Module = Pick<typeof http, 'request'>;

const IDLE_MS = 4000;
const agents = new Map<string, http.Agent>();

/** `fetch(url, init)` over node:http(s); the answer has the parts of `Response` Cairn reads. */
export async function httpFetch(input: string | URL | Request, init: RequestInit = {}): Promise<Response> {
  // A Request object's own method, headers and body are not read: Cairn's callers pass a URL and `init`.
  const url = new URL(typeof input === 'string' || input instanceof URL ? input : input.url);
  const { module, agent } = await transportOf(url.protocol);
  return new Promise<Response>((resolve, reject) => {
    const options = { method: init.method ?? 'GET', headers: plainHeaders(init.headers), agent, signal: init.signal ?? undefined };
    let answered = false;
    let sent = false;
    const req = module.request(url, options, (res) => {
      answered = true;
      // A server may answer (a refusal) before taking the whole body: the answer stays readable, then
      // the connection, which cannot carry another request, is closed and the body stops.
      if (!sent) res.once('end', () => req.destroy());
      resolve(new NodeResponse(res, options.method) as unknown as Response);
    });
    req.once('error', reject);
    sendBody(req, init.body).then(() => (sent = true), (error: unknown) => {
      if (answered) return;
      req.destroy();
      reject(error);
    });
  });
}

async function transportOf(protocol: string): Promise<{ module: Module; agent: http.Agent }> {
  if (protocol !== 'http:' && protocol !== 'https:') throw new TypeError(`unsupported protocol ${protocol}`);
  // TLS is loaded only for an https server: most Cairn servers a runner or CLI talks to are plain http.
  const module: typeof http = protocol === 'https:' ? ((await import('node:https')).default as unknown as typeof http) : http;
  let agent = agents.get(protocol);
  if (!agent) agents.set(protocol, (agent = new module.Agent({ keepAlive: true, timeout: IDLE_MS })));
  return { module, agent };
}

function plainHeaders(headers: RequestInit['headers']): Record<string, string> {
  if (!headers) return {};
  if (Array.isArray(headers)) return Object.fromEntries(headers);
  const entries = (headers as { entries?: () => Iterable<[string, string]> }).entries;
  return typeof entries === 'function' && !isPlain(headers) ? Object.fromEntries(entries.call(headers)) : (headers as Record<string, string>);
}

function isPlain(value: object): boolean {
  const proto = Object.getPrototypeOf(value) as object | null;
  return proto === Object.prototype || proto === null;
}

async function sendBody(req: http.ClientRequest, body: RequestInit['body']): Promise<void> {
  if (body === undefined || body === null) return void req.end();
  if (typeof body === 'string' || body instanceof Uint8Array) return void req.end(body);
  if (body instanceof ArrayBuffer) return void req.end(Buffer.from(body));
  // Streams: a Node Readable, an async generator, or a web ReadableStream (all async iterable in Node 20).
  await pipeline(Readable.from(body as unknown as AsyncIterable<Uint8Array>), req);
}

/** The answer: status, headers, and the body read once as text, JSON, bytes or a web stream. */
class NodeResponse {
  readonly ok: boolean;
  readonly status: number;
  readonly statusText: string;
  readonly headers: { get(name: string): string | null };
  #body: ReadableStream<Uint8Array> | null | undefined;

  constructor(private readonly res: http.IncomingMessage, method: string) {
    this.status = res.statusCode ?? 0;
    this.ok = this.status >= 200 && this.status < 300;
    this.statusText = res.statusMessage ?? '';
    this.headers = { get: (name) => joinHeader(res.headers[name.toLowerCase()]) };
    // No body can follow: drain the (empty) message so the connection goes back to the pool.
    if (method === 'HEAD' || this.status === 204 || this.status === 304) {
      res.resume();
      this.#body = null;
    }
  }

  get body(): ReadableStream<Uint8Array> | null {
    if (this.#body === undefined) this.#body = Readable.toWeb(this.res) as ReadableStream<Uint8Array>;
    return this.#body;
  }

  async text(): Promise<string> {
    return (await this.bytes()).toString('utf8');
  }

  async json(): Promise<unknown> {
    return JSON.parse(await this.text()) as unknown;
  }

  async arrayBuffer(): Promise<ArrayBuffer> {
    const bytes = await this.bytes();
    return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.length) as ArrayBuffer;
  }

  private async bytes(): Promise<Buffer> {
    if (this.#body === null) return Buffer.alloc(0);
    const chunks: Buffer[] = [];
    for await (const chunk of this.res) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks);
  }
}

function joinHeader(value: string | string[] | undefined): string | null {
  if (value === undefined) return null;
  return Array.isArray(value) ? value.join(', ') : value;
}
