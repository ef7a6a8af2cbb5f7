/**
 * Where a run came from and what came of it: a submitted run's configuration (script, compute,
 * environment, dataset inputs and outputs, snapshot), each linked to its page, and the models
 * registered from the run.
 */
import { api, type Run } from '@cairn/api';
import type { StudioWorkspace } from '../api/client.js';
import { datasetRefPath, modelPath, wsPath } from '../router.js';
import { ErrorBox } from '../ui/errors.js';
import { formatTime } from '../ui/format.js';
import { Link } from '../ui/link.js';
import { Head, Row } from '../ui/table.js';
import { useResource } from '../ui/use-resource.js';

/** The configuration section; only submitted runs have one. */
export function RunConfiguration({ ws, run }: { ws: StudioWorkspace; run: Run }) {
  const { data: spec, error } = useResource(() => ws.transport.call(api.execution.spec, { params: { workspace: ws.name, runId: run.id } }), [ws, run.id]);
  if (!spec) return <ErrorBox error={error} />;
  const c = spec.runConfig;
  const env = c.environment.split(':')[0]!;
  return (
    <section>
      <h2>Configuration</h2>
      <table className="props"><tbody>
        <Row label="Script">{[c.script, ...c.arguments].join(' ')}</Row>
        <Row label="Compute target"><Link href={wsPath(ws.name, '/compute')}>{c.compute}</Link></Row>
        <Row label="Environment">{env === 'system' ? 'system' : <Link href={wsPath(ws.name, `/environments?name=${encodeURIComponent(env)}`)}>{c.environment}</Link>}</Row>
        {c.distribution ? <Row label="Distribution">{`${c.distribution.type}: ${c.distribution.node_count} nodes × ${c.distribution.process_count_per_node} processes`}</Row> : null}
        {Object.entries(c.inputs).map(([name, input]) => <Row key={`i${name}`} label={`Input ${name}`}><Link href={datasetRefPath(ws.name, input.dataset)}>{input.dataset}</Link>{` (${input.mode})`}</Row>)}
        {Object.entries(c.outputs).map(([name, out]) => (
          <Row key={`o${name}`} label={`Output ${name}`}>{`${out.datastore}:${out.path}`}{out.register ? <> → <Link href={datasetRefPath(ws.name, out.register)}>{out.register}</Link></> : null}</Row>
        ))}
        <Row label="Snapshot"><code>{spec.snapshotId}</code></Row>
      </tbody></table>
    </section>
  );
}

/** The models registered from this run, each linked. */
export function RunModels({ ws, run }: { ws: StudioWorkspace; run: Run }) {
  const { data, error } = useResource(async () => (await ws.models.list({ runId: run.id, top: 100 })).items, [ws, run.id], { every: 10_000 });
  return (
    <section>
      <h2>Models from this run</h2>
      <ErrorBox error={error} />
      {data?.length === 0 ? <p className="empty">No model was registered from this run.</p> : null}
      {data?.length ? (
        <table className="list"><Head labels={['Model', 'Framework', 'Registered']} /><tbody>{data.map((m) => (
          <tr key={`${m.name}:${m.version}`}><td><Link href={modelPath(ws.name, m.name, m.version)}>{`${m.name}:${m.version}`}</Link></td><td>{m.framework}</td><td>{formatTime(m.createdAt)}</td></tr>
        ))}</tbody></table>
      ) : null}
    </section>
  );
}
