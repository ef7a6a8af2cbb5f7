/** What the gateway answers for one scoring request, before HTTP framing. */
export interface ScoreOutcome {
  status: number;
  /** JSON bytes: run()'s result, or v1's `{"message": …}` error body. */
  body: Buffer;
  /** run()'s duration in microseconds, for `x-ms-run-fn-exec-ms`. */
  runMicros?: number;
  /** Seconds for `Retry-After` on a 503. */
  retryAfter?: number;
}

/** v1's error body `{"message": …}`. */
export function messageBody(message: string): Buffer {
  return Buffer.from(JSON.stringify({ message }));
}
