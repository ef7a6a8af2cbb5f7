/**
 * The run filter box: the CLI's filter language, applied on Enter; the server's INVALID_FILTER error
 * is shown under the expression with the failing token marked (details carry position and token).
 */
import { CairnError } from '@cairn/api';
import { useState } from 'react';
import { errorText } from './errors.js';

/** A labelled filter input that calls `apply` with the expression; `error` is the last answer's error. */
export function FilterBox({ initial, error, apply }: { initial: string; error: unknown; apply(filter: string): void }) {
  const [text, setText] = useState(initial);
  const [applied, setApplied] = useState(initial);
  return (
    <form className="filter" role="search" onSubmit={(e) => { e.preventDefault(); setApplied(text); apply(text); }}>
      <label htmlFor="run-filter">Filter</label>
      <input id="run-filter" type="search" value={text} spellCheck={false} aria-describedby="run-filter-help run-filter-error" aria-invalid={error ? true : undefined}
        placeholder="metrics.accuracy > 0.9 and tags.team = 'nlp'" onChange={(e) => setText(e.target.value)} />
      <button type="submit">Apply</button>
      <p id="run-filter-help" className="help">Fields: status, name, experiment, created, duration, compute, metrics.&lt;name&gt;, tags.&lt;key&gt;, properties.&lt;key&gt;; and, or, not, in, like, exists.</p>
      <div id="run-filter-error" aria-live="polite">
        {error ? <div className="error" role="alert">{errorText(error)}<Pointer text={applied} error={error} /></div> : null}
      </div>
    </form>
  );
}

// The expression again, with the failing token wrapped in a <mark>.
function Pointer({ text, error }: { text: string; error: unknown }) {
  if (!(error instanceof CairnError) || error.code !== 'INVALID_FILTER') return null;
  const details = error.details as { position?: number; token?: string } | undefined;
  const at = details?.position;
  if (typeof at !== 'number' || at < 0 || at > text.length) return null;
  const length = Math.max(1, details?.token?.length ?? 1);
  return <pre className="filter-pointer">{text.slice(0, at)}<mark className="failing-token">{text.slice(at, at + length) || ' '}</mark>{text.slice(at + length)}</pre>;
}
