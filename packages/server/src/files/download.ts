/** Sending run files: safe download headers, and single byte ranges for resumed downloads. */
import type { OutgoingHttpHeaders } from 'node:http';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { RunFile } from '@cairn/api';
import type { ByteRange } from '../blobs/blob-store.js';

const rfc5987 = (value: string) => encodeURIComponent(value).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

/** `Content-Disposition: attachment` with an ASCII fallback name and the exact name in UTF-8 (RFC 6266). */
export function attachment(filename: string): string {
  const fallback = filename.replace(/[^\x20-\x7e]|["\\%;]/g, '_');
  return `attachment; filename="${fallback}"; filename*=UTF-8''${rfc5987(filename)}`;
}

/**
 * The single range a `Range` header asks for, or null to send the whole file: for no header, several
 * ranges, a stale `If-Range` or a range the file cannot satisfy (HTTP lets a server ignore Range).
 */
export function requestedRange(header: string | undefined, ifRange: string | undefined, size: number, etag: string): ByteRange | null {
  const match = header === undefined ? null : /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!match || size === 0 || (ifRange !== undefined && ifRange !== etag)) return null;
  const [, first, last] = match as unknown as [string, string, string];
  if (first === '') return last === '' || Number(last) === 0 ? null : { start: Math.max(0, size - Number(last)), end: size - 1 };
  const start = Number(first);
  const end = last === '' ? size - 1 : Math.min(Number(last), size - 1);
  return start <= end ? { start, end } : null;
}

/** Headers that keep a browser from running a downloaded file as a page of ours. */
export function noSniff(reply: FastifyReply): FastifyReply {
  return reply.header('x-content-type-options', 'nosniff').header('content-security-policy', "default-src 'none'; sandbox");
}

/** Sends one file, whole or one range; a HEAD request gets the headers without opening the blob. */
export async function sendFile(request: FastifyRequest, reply: FastifyReply, file: RunFile, read: (range?: ByteRange) => Promise<Readable>): Promise<FastifyReply> {
  const etag = `"${file.sha256}"`;
  const name = file.path.slice(file.path.lastIndexOf('/') + 1);
  noSniff(reply).header('content-type', file.contentType).header('content-disposition', attachment(name)).header('etag', etag).header('accept-ranges', 'bytes');
  const ifRange = request.headers['if-range'];
  const range = requestedRange(request.headers.range, typeof ifRange === 'string' ? ifRange : undefined, file.size, etag);
  if (range) reply.code(206).header('content-range', `bytes ${range.start}-${range.end}/${file.size}`);
  reply.header('content-length', range ? range.end - range.start + 1 : file.size);
  // An empty stream, not an empty body: Fastify would otherwise set Content-Length to 0 for HEAD.
  return reply.send(request.method === 'HEAD' ? Readable.from([]) : await read(range ?? undefined));
}

/**
 * Sends a generated stream (a zip) with the headers set so far. Its bytes leave before all its sources
 * are read, so a failure midway cannot become an error response: the reply is ours alone, and a
 * failure cuts the connection so that no client takes a truncated body for a whole one.
 */
export function sendUnbuffered(request: FastifyRequest, reply: FastifyReply, body: Readable): FastifyReply {
  reply.hijack();
  reply.raw.writeHead(200, reply.getHeaders() as OutgoingHttpHeaders);
  pipeline(body, reply.raw).catch((error: unknown) => {
    request.log.error({ err: error, url: request.url }, 'run archive failed midway; connection closed');
  });
  return reply;
}
