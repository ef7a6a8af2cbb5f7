/** Showing an API error with its message (and code), never a blank page. */
import { CairnError } from '@cairn/api';
import { h } from './dom.js';

/** The message of any error, prefixed with its Cairn code when it has one. */
export function errorText(error: unknown): string {
  if (error instanceof CairnError) return `${error.code}: ${error.message}`;
  return error instanceof Error ? error.message : String(error);
}

/** An alert box for an error. */
export function errorBox(error: unknown): HTMLElement {
  return h('div', { class: 'error', role: 'alert' }, errorText(error));
}
