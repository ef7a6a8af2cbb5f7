/**
 * The test console: sends a request body through the gateway (`endpoints.invoke`, the same path a
 * scoring client takes) to the traffic split or one deployment, and shows the answer with its latency.
 */
import type { Endpoint } from '@cairn/api';
import { useState, type FormEvent } from 'react';
import type { StudioWorkspace } from '../api/client.js';
import { ErrorBox } from '../ui/errors.js';

interface Answer { status: number; body: unknown; durationMs: number; roundTripMs: number }

/** The console section. */
export function EndpointConsole({ ws, e }: { ws: StudioWorkspace; e: Endpoint }) {
  const [body, setBody] = useState('{"data": [[1, 2, 3, 4]]}');
  const [deployment, setDeployment] = useState('');
  const [answer, setAnswer] = useState<Answer>();
  const [problem, setProblem] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const send = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setProblem(undefined);
    const started = performance.now();
    try {
      const result = await ws.endpoints.invoke(e.name, body, deployment || undefined);
      setAnswer({ ...result, roundTripMs: performance.now() - started });
    } catch (error) {
      setProblem(error);
      setAnswer(undefined);
    } finally {
      setBusy(false);
    }
  };
  return (
    <section>
      <h2>Test</h2>
      <form className="console" aria-label="Test the endpoint" onSubmit={(event) => void send(event)}>
        <label htmlFor="console-deployment">Deployment</label>
        <select id="console-deployment" value={deployment} onChange={(ev) => setDeployment(ev.target.value)}>
          <option value="">By traffic split</option>{e.deployments.map((d) => <option key={d.name} value={d.name}>{d.name}</option>)}
        </select>
        <label htmlFor="console-body">Request body</label>
        <textarea id="console-body" rows={6} spellCheck={false} value={body} onChange={(ev) => setBody(ev.target.value)} />
        <button type="submit" disabled={busy}>{busy ? 'Sending…' : 'Send request'}</button>
      </form>
      <ErrorBox error={problem} />
      {answer ? (
        <div className="console-answer" role="region" aria-live="polite" aria-label="Response">
          <p>{`HTTP ${answer.status} · scored in ${answer.durationMs.toFixed(1)} ms · ${answer.roundTripMs.toFixed(1)} ms round trip`}</p>
          <pre className="file-text">{typeof answer.body === 'string' ? answer.body : JSON.stringify(answer.body, null, 2)}</pre>
        </div>
      ) : null}
    </section>
  );
}
