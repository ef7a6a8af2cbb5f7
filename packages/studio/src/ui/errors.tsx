/** Showing an API error with its message (and code), never a blank page. */
import { CairnError } from '@cairn/api';

/** The message of any error, prefixed with its Cairn code when it has one. */
export function errorText(error: unknown): string {
  if (error instanceof CairnError) return `${error.code}: ${error.message}`;
  return error instanceof Error ? error.message : String(error);
}

/** An alert box for an error; nothing when there is none. */
export function ErrorBox({ error }: { error: unknown }) {
  if (error === undefined || error === null) return null;
  return <div className="error" role="alert">{errorText(error)}</div>;
}
