/** Compute targets: capacity and queue, a Slurm target's nodes and jobs, and the runs on each; refreshed every few seconds. */
import { api, type ComputeTarget } from '@cairn/api';
import type { StudioWorkspace } from '../api/client.js';
import type { PageProps } from '../router.js';
import { runPath } from '../router.js';
import { ErrorBox } from '../ui/errors.js';
import { formatValue } from '../ui/format.js';
import { Link } from '../ui/link.js';
import { ACTIVE_RUNS, RunsList } from '../ui/runs-list.js';
import { Head } from '../ui/table.js';
import { useResource } from '../ui/use-resource.js';
import { useTitle } from '../ui/use-title.js';

/** The compute page. */
export default function Compute({ ws }: PageProps) {
  useTitle('Compute');
  const { data, error } = useResource(async () => (await ws.transport.call(api.compute.list, { params: { workspace: ws.name } })).items, [ws], { every: 5000 });
  return (
    <div className="page page-wide">
      <h1>Compute</h1>
      <ErrorBox error={error} />
      {data ? (
        <table className="list" aria-label="Compute targets">
          <Head labels={['Target', 'Type', 'Running', 'Capacity', 'Queued', 'Settings']} />
          <tbody>{data.map((t) => (
            <tr key={t.name}><td>{t.name}</td><td>{t.type}</td><td className="num">{t.active}</td><td className="num">{t.capacity}</td><td className="num">{t.queued}</td>
              <td>{Object.entries(t.settings ?? {}).map(([k, v]) => `${k}=${formatValue(v)}`).join(', ') || '–'}</td></tr>
          ))}</tbody>
        </table>
      ) : null}
      {data?.map((t) => <Target key={t.name} ws={ws} t={t} />)}
    </div>
  );
}

function Target({ ws, t }: { ws: StudioWorkspace; t: ComputeTarget }) {
  const runs = useResource(async () => (await ws.runs.list({ filter: `${ACTIVE_RUNS} and compute = '${t.name.replaceAll("'", "''")}'`, top: 100, includeChildren: 'true' })).items, [ws, t.name], { every: 5000 });
  return (
    <section aria-label={`Target ${t.name}`}>
      <h2>{`${t.name} (${t.type})`}</h2>
      {t.error ? <div className="error" role="alert">{t.error}</div> : null}
      {t.nodes ? (
        <table className="list" aria-label={`Nodes of ${t.name}`}><Head labels={['Node', 'State', 'CPUs', 'Memory (MB)', 'GRES']} />
          <tbody>{t.nodes.map((n) => <tr key={n.name}><td>{n.name}</td><td>{n.state}</td><td className="num">{n.cpus}</td><td className="num">{n.memoryMb}</td><td>{n.gres || '–'}</td></tr>)}</tbody></table>
      ) : null}
      {t.jobs?.length ? (
        <table className="list" aria-label={`Slurm jobs on ${t.name}`}><Head labels={['Job', 'Run', 'State', 'Reason', 'Nodes']} />
          <tbody>{t.jobs.map((j) => <tr key={j.jobId}><td>{j.jobId}</td><td><Link href={runPath(ws.name, j.runId)}>{j.runId}</Link></td><td>{j.state}</td><td>{j.reason || '–'}</td><td>{j.nodes || '–'}</td></tr>)}</tbody></table>
      ) : null}
      <ErrorBox error={runs.error} />
      {runs.data ? <RunsList ws={ws.name} runs={runs.data} caption={`Runs on ${t.name} now`} /> : null}
    </section>
  );
}
