/**
 * The gateway↔replica wire format: length-prefixed binary frames on one socket (see
 * `python/cairn_replica.py`). A request is `u32 id, u8 op, body`; a response `u32 id, u16 status,
 * u32 run() µs, JSON body`. No per-request HTTP parsing, no JSON envelope around the body.
 */

/** Operation code of a scoring request. */
export const OP_SCORE = 1;
/** A scoring request with a deadline (f64 monotonic seconds before the body): not started after it. */
export const OP_SCORE_BY = 2;

/** A response frame from a replica. */
export interface ReplicaFrame {
  id: number;
  status: number;
  /** How long run() took, in microseconds, as the replica measured it. */
  runMicros: number;
  body: Buffer;
}

/** Encodes a scoring request `id`; with `notAfter` (see `monotonicSeconds`) the replica answers 503 unstarted past it. */
export function encodeRequest(id: number, body: Buffer, notAfter?: number): Buffer {
  const extra = notAfter === undefined ? 0 : 8;
  const frame = Buffer.allocUnsafe(9 + extra + body.length);
  frame.writeUInt32BE(body.length + 5 + extra, 0);
  frame.writeUInt32BE(id, 4);
  frame.writeUInt8(notAfter === undefined ? OP_SCORE : OP_SCORE_BY, 8);
  if (notAfter !== undefined) frame.writeDoubleBE(notAfter, 9);
  body.copy(frame, 9 + extra);
  return frame;
}

/** Seconds on the clock Python's `time.monotonic()` reads on Linux (CLOCK_MONOTONIC). */
export function monotonicSeconds(): number {
  return Number(process.hrtime.bigint()) / 1e9;
}

/** Splits a byte stream into response frames; chunks may cut frames anywhere. */
export class FrameReader {
  private pending: Buffer[] = [];
  private size = 0;

  constructor(private readonly onFrame: (frame: ReplicaFrame) => void) {}

  /** Feeds bytes read from the socket. */
  push(chunk: Buffer): void {
    this.pending.push(chunk);
    this.size += chunk.length;
    if (this.size < 4) return;
    let data = this.pending.length === 1 ? this.pending[0]! : Buffer.concat(this.pending, this.size);
    let offset = 0;
    while (data.length - offset >= 4) {
      const length = data.readUInt32BE(offset);
      if (data.length - offset - 4 < length) break;
      const start = offset + 4;
      this.onFrame({ id: data.readUInt32BE(start), status: data.readUInt16BE(start + 4), runMicros: data.readUInt32BE(start + 6), body: data.subarray(start + 10, start + length) });
      offset = start + length;
    }
    data = data.subarray(offset);
    this.pending = data.length > 0 ? [data] : [];
    this.size = data.length;
  }
}
