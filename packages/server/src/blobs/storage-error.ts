/** Errors from remote storage that say which endpoint and which call failed, and why. */
import { CairnError, InputError } from '@cairn/api';

const codeOf = (error: unknown): string | undefined => (error as { code?: string }).code ?? (error as { cause?: { code?: string } }).cause?.code;
const statusOf = (error: unknown): number | undefined =>
  (error as { statusCode?: number }).statusCode ?? (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;

const unreachable = ['ECONNREFUSED', 'ENOTFOUND', 'ETIMEDOUT', 'ECONNRESET', 'EAI_AGAIN', 'REQUEST_SEND_ERROR', 'EHOSTUNREACH'];

/** A storage failure: unreachable endpoints and refused credentials become Cairn errors naming both. */
export function storageError(error: unknown, call: string, endpoint: string): Error {
  if (error instanceof CairnError) return error;
  const status = statusOf(error);
  const code = codeOf(error) ?? (error as { name?: string }).name;
  if (status === 401 || status === 403) {
    return new InputError('STORAGE_ACCESS_DENIED', `${call} on ${endpoint} was refused (HTTP ${status}${code ? ` ${code}` : ''}): check the credentials`, { endpoint, call });
  }
  if (!status && unreachable.includes(code ?? '')) {
    return new CairnError('STORAGE_UNREACHABLE', `${call} on ${endpoint} failed: the endpoint is unreachable (${code})`, { endpoint, call });
  }
  return error instanceof Error ? error : new Error(String(error));
}
