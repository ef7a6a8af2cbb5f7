/** Preparing a streamed request body that reports its progress. */
import type { Readable } from 'node:stream';

/** Options of an upload. */
export interface UploadOptions {
  /** Called as bytes leave: bytes sent so far, and the total when known. */
  onProgress?: (sent: number, total: number | undefined) => void;
  /** Total size of a stream body, when the caller knows it (a file's size); sent as content-length. */
  size?: number;
}

/** A request init for the body, and a way to learn whether the body's own source failed. */
export interface PreparedUpload {
  init: RequestInit;
  sourceError: () => unknown;
}

// Buffers are sent in slices so that progress moves for big in-memory bodies too.
const SLICE = 256 * 1024;

/** Wraps a stream or buffer as a fetch body that counts the bytes it yields. */
export function uploadBody(body: Readable | Buffer, options: UploadOptions): PreparedUpload {
  const total = Buffer.isBuffer(body) ? body.length : options.size;
  const source = Buffer.isBuffer(body) ? slices(body) : body;
  let failure: unknown;
  const counted = countBytes(source, (sent) => options.onProgress?.(sent, total), (error) => (failure = error));
  const headers: Record<string, string> = { 'content-type': 'application/octet-stream' };
  if (total !== undefined) headers['content-length'] = String(total);
  // duplex: 'half' is what Node's fetch requires for a streamed body; the DOM types do not know it.
  const init = { body: counted, duplex: 'half', headers } as unknown as RequestInit;
  return { init, sourceError: () => failure };
}

// Remembers a failure of the source itself, which fetch would otherwise report as "fetch failed".
async function* countBytes(source: Iterable<unknown> | AsyncIterable<unknown>, progress: (sent: number) => void, failed: (error: unknown) => void): AsyncGenerator<Uint8Array> {
  let sent = 0;
  progress(0);
  try {
    for await (const chunk of source) {
      const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Uint8Array);
      yield bytes;
      sent += bytes.length;
      progress(sent);
    }
  } catch (error) {
    failed(error);
    throw error;
  }
}

function* slices(buffer: Buffer): Generator<Buffer> {
  for (let offset = 0; offset < buffer.length; offset += SLICE) yield buffer.subarray(offset, offset + SLICE);
}
