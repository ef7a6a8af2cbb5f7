/**
 * The run filter box: the CLI's filter language, applied on Enter; the server's INVALID_FILTER error
 * is shown under the expression with the failing token marked (details carry position and token).
 */
import { CairnError } from '@cairn/api';
import { h, replace } from './dom.js';
import { errorText } from './errors.js';

/** The filter box and a way to show an error under it. */
export interface FilterBox {
  el: HTMLElement;
  showError(error: unknown): void;
  clearError(): void;
}

/** A labelled filter input that calls `apply` with the expression. */
export function filterBox(initial: string, apply: (filter: string) => void): FilterBox {
  const input = h('input', { id: 'run-filter', type: 'search', value: initial, spellcheck: 'false', 'aria-describedby': 'run-filter-help run-filter-error', placeholder: "metrics.accuracy > 0.9 and tags.team = 'nlp'" });
  const feedback = h('div', { id: 'run-filter-error', 'aria-live': 'polite' });
  const form = h('form', { class: 'filter', role: 'search' },
    h('label', { for: 'run-filter' }, 'Filter'), input, h('button', { type: 'submit' }, 'Apply'),
    h('p', { id: 'run-filter-help', class: 'help' }, 'Fields: status, name, experiment, created, duration, compute, metrics.<name>, tags.<key>, properties.<key>; and, or, not, in, like, exists.'),
    feedback);
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    apply(input.value);
  });
  return {
    el: form,
    clearError: () => { replace(feedback); input.removeAttribute('aria-invalid'); },
    showError: (error) => {
      input.setAttribute('aria-invalid', 'true');
      replace(feedback, h('div', { class: 'error', role: 'alert' }, errorText(error), pointer(input.value, error)));
    },
  };
}

// The expression again, with the failing token wrapped in a <mark>: text nodes only.
function pointer(text: string, error: unknown): HTMLElement | null {
  if (!(error instanceof CairnError) || error.code !== 'INVALID_FILTER') return null;
  const details = error.details as { position?: number; token?: string } | undefined;
  const at = details?.position;
  if (typeof at !== 'number' || at < 0 || at > text.length) return null;
  const length = Math.max(1, details?.token?.length ?? 1);
  return h('pre', { class: 'filter-pointer' }, text.slice(0, at), h('mark', { class: 'failing-token' }, text.slice(at, at + length) || ' '), text.slice(at + length));
}
