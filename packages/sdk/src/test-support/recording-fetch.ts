/** A fetch that records requests and answers from a handler, for unit tests of the client. */

/** One request the client made. */
export interface Recorded {
  method: string;
  url: string;
  headers: Record<string, string>;
  body: Buffer | undefined;
}

/** A fetch stand-in plus the requests it saw. */
export function recordingFetch(answer: (request: Recorded) => Response = () => Response.json({})) {
  const requests: Recorded[] = [];
  const fetch = (async (url: string, init: RequestInit & { body?: unknown } = {}) => {
    const request: Recorded = {
      method: init.method ?? 'GET',
      url,
      headers: (init.headers ?? {}) as Record<string, string>,
      body: await readBody(init.body),
    };
    requests.push(request);
    return answer(request);
  }) as unknown as typeof globalThis.fetch;
  return { fetch, requests };
}

async function readBody(body: unknown): Promise<Buffer | undefined> {
  if (body === undefined || body === null) return undefined;
  if (typeof body === 'string') return Buffer.from(body);
  const chunks: Buffer[] = [];
  for await (const chunk of body as AsyncIterable<Uint8Array>) chunks.push(Buffer.from(chunk));
  return Buffer.concat(chunks);
}
