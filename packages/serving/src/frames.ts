/**
 * The gateway↔replica wire format: length-prefixed binary frames on one socket (see
 * `python/cairn_replica.py`). A request is `u32 id, u8 op, body`; a response `u32 id, u16 status,
 * u32 run() µs, JSON body`. No per-request HTTP parsing, no JSON envelope around the body. Only a
 * `@rawhttp` run() gets the request line and headers (ops 3 and 4), and only an answer whose run()
 * chose its headers carries them (status flag 0x8000).
 */

/** Operation code of a scoring request. */
export const OP_SCORE = 1;
/** A scoring request with a deadline (f64 monotonic seconds before the body): not started after it. */
export const OP_SCORE_BY = 2;

/** An HTTP request for a `@rawhttp` run(): u32 length of a JSON `{method, path, headers}`, it, then the body. */
export const OP_HTTP = 3;
/** OP_HTTP with a deadline (f64, as OP_SCORE_BY) first. */
export const OP_HTTP_BY = 4;
/** Status flag of an answer whose payload starts with u32 length + a JSON object of headers. */
const WITH_HEADERS = 0x8000;

/** A response frame from a replica. */
export interface ReplicaFrame {
  id: number;
  status: number;
  /** How long run() took, in microseconds, as the replica measured it. */
  runMicros: number;
  body: Buffer;
  /** Headers run() chose (lower-case names), when it answered with an `AMLResponse`. */
  headers?: Record<string, string>;
}

/** The request line and headers a `@rawhttp` run() sees. */
export interface HttpMeta {
  method: string;
  /** Path and query, e.g. `/score?a=1`. */
  path: string;
  headers: Record<string, string | string[] | undefined>;
}

/**
 * Encodes a scoring request `id`; with `notAfter` (see `monotonicSeconds`) the replica answers 503
 * unstarted past it; with `meta`, the replica's `@rawhttp` run() gets the request line and headers.
 */
export function encodeRequest(id: number, body: Buffer, notAfter?: number, meta?: HttpMeta): Buffer {
  const head = meta === undefined ? undefined : Buffer.from(JSON.stringify(meta));
  const extra = (notAfter === undefined ? 0 : 8) + (head === undefined ? 0 : 4 + head.length);
  const frame = Buffer.allocUnsafe(9 + extra + body.length);
  frame.writeUInt32BE(body.length + 5 + extra, 0);
  frame.writeUInt32BE(id, 4);
  frame.writeUInt8((head === undefined ? OP_SCORE : OP_HTTP) + (notAfter === undefined ? 0 : 1), 8);
  let offset = 9;
  if (notAfter !== undefined) offset = frame.writeDoubleBE(notAfter, offset);
  if (head !== undefined) {
    offset = frame.writeUInt32BE(head.length, offset);
    offset += head.copy(frame, offset);
  }
  body.copy(frame, offset);
  return frame;
}

/** Reads one response frame's fields from `data` (`start` past its length prefix, `end` its end). */
function decodeResponse(data: Buffer, start: number, end: number): ReplicaFrame {
  const status = data.readUInt16BE(start + 4);
  const frame: ReplicaFrame = { id: data.readUInt32BE(start), status: status & ~WITH_HEADERS, runMicros: data.readUInt32BE(start + 6), body: data.subarray(start + 10, end) };
  if ((status & WITH_HEADERS) === 0) return frame;
  const size = frame.body.readUInt32BE(0);
  const given = JSON.parse(frame.body.toString('utf8', 4, 4 + size)) as Record<string, string>;
  frame.headers = Object.fromEntries(Object.entries(given).map(([name, value]) => [name.toLowerCase(), String(value)]));
  frame.body = frame.body.subarray(4 + size);
  return frame;
}

/** Seconds on the clock Python's `time.monotonic()` reads on Linux (CLOCK_MONOTONIC). */
export function monotonicSeconds(): number {
  return Number(process.hrtime.bigint()) / 1e9;
}

/** Splits a byte stream into response frames; chunks may cut frames anywhere. */
export class FrameReader {
  private readonly pending: Buffer[] = [];
  private size = 0;

  constructor(private readonly onFrame: (frame: ReplicaFrame) => void) {}

  /** Feeds bytes read from the socket. */
  push(chunk: Buffer): void {
    this.pending.push(chunk);
    this.size += chunk.length;
    if (this.size < 4) return;
    const data = this.pending.length === 1 ? this.pending[0]! : Buffer.concat(this.pending, this.size);
    let offset = 0;
    while (data.length - offset >= 4) {
      const length = data.readUInt32BE(offset);
      if (data.length - offset - 4 < length) break;
      const start = offset + 4;
      this.onFrame(decodeResponse(data, start, start + length));
      offset = start + length;
    }
    // Mostly a chunk holds whole frames: the same array is emptied, no rest is sliced.
    this.pending.length = 0;
    if (offset < data.length) this.pending.push(offset === 0 ? data : data.subarray(offset));
    this.size = data.length - offset;
  }
}
