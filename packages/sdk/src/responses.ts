/** Turning HTTP answers into values and errors. */
import { CairnError, errorCodes, isErrorBody, type ErrorCode } from '@cairn/api';
import { CairnClientError } from './errors.js';

/** The error a non-2xx answer stands for: the server's own `CairnError` when it sent an error body. */
export async function errorFromResponse(res: Response, url: string): Promise<Error> {
  const text = await res.text().catch(() => '');
  const body = parseJson(text);
  if (isErrorBody(body)) {
    const { code, message, details } = body.error;
    if (code in errorCodes) return new CairnError(code as ErrorCode, message, details);
    // A newer server may know codes this client does not; keep its words rather than guess a status.
    return new CairnClientError('UNEXPECTED_RESPONSE', `${code}: ${message}`, url, res.status);
  }
  const snippet = text.slice(0, 200).trim();
  return new CairnClientError('UNEXPECTED_RESPONSE', `${url} answered ${res.status} ${res.statusText}${snippet ? `: ${snippet}` : ''}`, url, res.status);
}

/** The JSON body of a successful answer. */
export async function readJson(res: Response, url: string): Promise<unknown> {
  const text = await res.text();
  const value = parseJson(text);
  if (value === undefined) {
    throw new CairnClientError('UNEXPECTED_RESPONSE', `${url} answered ${res.status} with a body that is not JSON`, url, res.status);
  }
  return value;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/** Parses a byte stream of newline-delimited JSON, one value per non-empty line. */
export async function* parseNdjson(chunks: AsyncIterable<Uint8Array>): AsyncGenerator<unknown> {
  const decoder = new TextDecoder();
  let pending = '';
  for await (const chunk of chunks) {
    pending += decoder.decode(chunk, { stream: true });
    const lines = pending.split('\n');
    pending = lines.pop() ?? '';
    for (const line of lines) if (line.trim()) yield ndjsonLine(line);
  }
  pending += decoder.decode();
  if (pending.trim()) yield ndjsonLine(pending);
}

// A server that fails halfway through a stream can only say so in-band, as an error body line.
function ndjsonLine(line: string): unknown {
  const value = JSON.parse(line) as unknown;
  if (isErrorBody(value) && value.error.code in errorCodes) {
    throw new CairnError(value.error.code, value.error.message, value.error.details);
  }
  return value;
}
