import { isUtf8 } from 'node:buffer';
/** What the gateway answers for one scoring request, before HTTP framing. */
export interface ScoreOutcome {
  status: number;
  /** JSON bytes: run()'s result, or v1's `{"message": …}` error body; any bytes with `headers`. */
  body: Buffer;
  /** Headers run() chose (an `AMLResponse`), content-type included; absent for JSON answers. */
  headers?: Record<string, string>;
  /** run()'s duration in microseconds, for `x-ms-run-fn-exec-ms`. */
  runMicros?: number;
  /** Seconds for `Retry-After` on a 503. */
  retryAfter?: number;
}

/** v1's error body `{"message": …}`. */
export function messageBody(message: string): Buffer {
  return Buffer.from(JSON.stringify({ message }));
}

/** v1's 400 for a body that is not UTF-8 (run() takes text), or null when it is. */
export function notUtf8(body: Buffer): ScoreOutcome | null {
  // Checked without decoding: the body goes on as bytes.
  return isUtf8(body) ? null : { status: 400, body: messageBody('The request body is not valid UTF-8.') };
}
