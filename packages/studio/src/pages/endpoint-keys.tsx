/** An endpoint's scoring keys: masked, shown on request, copied to the clipboard, regenerated one at a time. */
import { useState } from 'react';
import type { StudioWorkspace } from '../api/client.js';
import { ErrorBox, errorText } from '../ui/errors.js';
import { useResource } from '../ui/use-resource.js';

const KEYS = [['primary', 'primaryKey', 'Primary key'], ['secondary', 'secondaryKey', 'Secondary key']] as const;

/** All but the last four characters hidden. */
export function masked(key: string): string {
  return `${'•'.repeat(12)}${key.slice(-4)}`;
}

/** The keys section. */
export function EndpointKeys({ ws, name }: { ws: StudioWorkspace; name: string }) {
  const { data, error, reload } = useResource(() => ws.endpoints.keys(name), [ws, name]);
  const [shown, setShown] = useState<string[]>([]);
  const [message, setMessage] = useState('');
  const [problem, setProblem] = useState<unknown>();
  const copy = (label: string, key: string) => navigator.clipboard.writeText(key).then(() => setMessage(`${label} copied to the clipboard.`), (e: unknown) => setMessage(`Could not copy: ${errorText(e)}`));
  const regenerate = async (which: 'primary' | 'secondary', label: string) => {
    setProblem(undefined);
    try {
      await ws.endpoints.regenerateKey(name, which);
      await reload();
      setMessage(`${label} regenerated; the old one no longer works.`);
    } catch (e) { setProblem(e); }
  };
  return (
    <section>
      <h2>Keys</h2>
      <ErrorBox error={error ?? problem} />
      {data ? <table className="props" aria-label="Scoring keys"><tbody>{KEYS.map(([which, field, label]) => {
        const key = data[field];
        const visible = shown.includes(which);
        return (
          <tr key={which}>
            <th scope="row">{label}</th>
            <td><code className="key" aria-label={visible ? `${label} value` : `${label}, hidden`}>{visible ? key : masked(key)}</code></td>
            <td className="actions">
              <button type="button" aria-pressed={visible} onClick={() => setShown(visible ? shown.filter((s) => s !== which) : [...shown, which])}>{visible ? `Hide ${label.toLowerCase()}` : `Show ${label.toLowerCase()}`}</button>
              <button type="button" onClick={() => void copy(label, key)}>{`Copy ${label.toLowerCase()}`}</button>
              <button type="button" onClick={() => void regenerate(which, label)}>{`Regenerate ${label.toLowerCase()}`}</button>
            </td>
          </tr>
        );
      })}</tbody></table> : null}
      <p role="status">{message}</p>
    </section>
  );
}
