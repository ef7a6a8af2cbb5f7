/**
 * One endpoint: state, URLs, deployments (models, replicas, errors) and the traffic split, its keys,
 * live telemetry charts, a test console and the replicas' log. Re-read every few seconds.
 */
import type { Endpoint } from '@cairn/api';
import { useState, type FormEvent } from 'react';
import type { PageProps } from '../router.js';
import { modelPath, wsPath } from '../router.js';
import { ErrorBox } from '../ui/errors.js';
import { formatTime, StateBadge } from '../ui/format.js';
import { Link } from '../ui/link.js';
import { Head, Row } from '../ui/table.js';
import { useResource } from '../ui/use-resource.js';
import { useTitle } from '../ui/use-title.js';
import { EndpointConsole } from './endpoint-console.js';
import { EndpointKeys } from './endpoint-keys.js';
import { EndpointLog } from './endpoint-log.js';
import { EndpointTelemetry } from './endpoint-telemetry.js';

/** The endpoint page. */
export default function EndpointPage({ ws, params }: PageProps) {
  const name = params['name']!;
  useTitle(`Endpoint ${name}`);
  const { data: e, error, reload } = useResource(() => ws.endpoints.get(name), [ws, name], { every: 3000 });
  return (
    <div className="page page-wide">
      <h1>{`Endpoint ${name}`} {e ? <StateBadge state={e.state} /> : null}</h1>
      <p className="crumbs"><Link href={wsPath(ws.name, '/endpoints')}>← Endpoints</Link></p>
      <ErrorBox error={error} />
      {e ? <>
        <Details e={e} />
        <Deployments ws={ws.name} e={e} />
        <TrafficEditor ws={ws} e={e} reload={reload} />
        {e.auth === 'key' ? <EndpointKeys ws={ws} name={name} /> : null}
        <EndpointConsole ws={ws} e={e} />
        <EndpointTelemetry ws={ws} name={name} />
        <EndpointLog ws={ws} name={name} />
      </> : null}
    </div>
  );
}

function Details({ e }: { e: Endpoint }) {
  return (
    <section>
      <h2>Details</h2>
      <table className="props"><tbody>
        <Row label="Description">{e.description || '–'}</Row>
        <Row label="Scoring URL"><span className="path">{e.scoringUrl}</span></Row>
        <Row label="Swagger">{e.swaggerUrl}</Row>
        <Row label="Authentication">{e.auth === 'key' ? 'keys' : 'short-lived tokens'}</Row>
        <Row label="Created">{`${formatTime(e.createdAt)} by ${e.createdBy}`}</Row>
        <Row label="Updated">{formatTime(e.updatedAt)}</Row>
      </tbody></table>
    </section>
  );
}

function Deployments({ ws, e }: { ws: string; e: Endpoint }) {
  return (
    <section>
      <h2>Deployments</h2>
      {e.deployments.length === 0 ? <p className="empty">No deployments.</p> : (
        <div className="scroll-x"><table className="list" aria-label="Deployments">
          <Head labels={['Deployment', 'State', 'Traffic', 'Models', 'Environment', 'Entry script', 'Replicas', 'Generation', 'Updated']} />
          <tbody>{e.deployments.map((d) => (
            <tr key={d.name}>
              <th scope="row">{d.name}</th><td><StateBadge state={d.state} />{d.error ? <pre className="error-text deployment-error">{d.error}</pre> : null}</td>
              <td className="num">{`${e.traffic[d.name] ?? 0}%`}</td>
              <td>{d.models.map((m, i) => <span key={m.ref}>{i ? ', ' : ''}<Link href={modelPath(ws, m.name, m.version)}>{`${m.name}:${m.version}`}</Link></span>)}</td>
              <td>{d.environment === 'system' ? 'system' : <Link href={wsPath(ws, `/environments?name=${encodeURIComponent(d.environment.split(':')[0]!)}`)}>{d.environment}</Link>}</td>
              <td>{d.entryScript ?? '(no code)'}</td>
              <td>{`${d.replicas.ready} ready of ${d.replicas.count} · ${d.replicas.busy} busy · ${d.replicas.queued} queued (${d.settings.minReplicas}–${d.settings.maxReplicas})`}</td>
              <td>{`${d.generation}${d.servingGeneration !== null && d.servingGeneration !== d.generation ? ` (serving ${d.servingGeneration})` : ''}`}</td>
              <td>{formatTime(d.updatedAt)}</td>
            </tr>
          ))}</tbody>
        </table></div>
      )}
    </section>
  );
}

// Whole percentages per deployment; the server checks they sum to 100 and says so if not.
function TrafficEditor({ ws, e, reload }: { ws: PageProps['ws']; e: Endpoint; reload(): Promise<void> }) {
  const [draft, setDraft] = useState<Record<string, string>>({});
  const [problem, setProblem] = useState<unknown>();
  const [saved, setSaved] = useState('');
  if (e.deployments.length < 2) return null;
  const value = (d: string) => draft[d] ?? String(e.traffic[d] ?? 0);
  const save = async (event: FormEvent) => {
    event.preventDefault();
    setProblem(undefined);
    try {
      await ws.endpoints.setTraffic(e.name, Object.fromEntries(e.deployments.map((d) => [d.name, Number(value(d.name))])));
      setDraft({});
      setSaved('Traffic saved.');
      await reload();
    } catch (error) { setProblem(error); setSaved(''); }
  };
  return (
    <section>
      <h2>Traffic</h2>
      <form className="inline-form" aria-label="Traffic split" onSubmit={(event) => void save(event)}>
        {e.deployments.map((d) => <span key={d.name}><label htmlFor={`traffic-${d.name}`}>{`${d.name} %`}</label>
          <input id={`traffic-${d.name}`} type="number" min={0} max={100} step={1} value={value(d.name)} onChange={(ev) => setDraft({ ...draft, [d.name]: ev.target.value })} /></span>)}
        <button type="submit">Save traffic</button>
      </form>
      <p role="status">{saved}</p>
      <ErrorBox error={problem} />
    </section>
  );
}
