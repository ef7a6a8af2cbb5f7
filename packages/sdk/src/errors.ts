/** Errors raised by the client itself, when there is no server answer to raise again. */

/** What went wrong on the client's side of the wire. */
export type ClientErrorCode = 'CONNECTION_FAILED' | 'UNEXPECTED_RESPONSE';

/**
 * An error with no Cairn error body behind it: the server could not be reached, or something that is
 * not a Cairn server (a proxy, another service) answered. Server errors are `CairnError`s instead.
 */
export class CairnClientError extends Error {
  constructor(
    readonly code: ClientErrorCode,
    message: string,
    /** The URL that was called. */
    readonly url: string,
    /** The HTTP status, when there was an answer at all. */
    readonly status?: number,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'CairnClientError';
  }
}

/** The error raised when nothing answers at `url`; says what failed underneath (refused, DNS, reset). */
export function connectionFailed(url: string, cause: unknown): CairnClientError {
  return new CairnClientError('CONNECTION_FAILED', `cannot reach the Cairn server at ${url}: ${describeCause(cause)}`, url, undefined, { cause });
}

// fetch wraps the socket error twice (TypeError "fetch failed" → cause → maybe AggregateError).
function describeCause(error: unknown): string {
  let current = error as { cause?: unknown; code?: unknown; message?: unknown; errors?: unknown[] } | undefined;
  while (current?.cause && typeof current.cause === 'object') current = current.cause as typeof current;
  const inner = (current?.errors?.[0] ?? current) as { code?: unknown; message?: unknown } | undefined;
  if (typeof inner?.code === 'string') return inner.code;
  return typeof inner?.message === 'string' ? inner.message : String(error);
}
