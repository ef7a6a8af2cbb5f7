/** Workspace home: runs going on now, the latest runs, endpoints' health and compute usage, refreshed while visible. */
import { api } from '@cairn/api';
import type { PageProps } from '../router.js';
import { wsPath } from '../router.js';
import { EndpointsTable } from '../ui/endpoint-health.js';
import { ErrorBox } from '../ui/errors.js';
import { Link } from '../ui/link.js';
import { ACTIVE_RUNS, RunsList } from '../ui/runs-list.js';
import { Head } from '../ui/table.js';
import { useResource } from '../ui/use-resource.js';
import { useTitle } from '../ui/use-title.js';

/** The home page of a workspace. */
export default function Home({ ws }: PageProps) {
  useTitle(ws.name);
  const runs = useResource(async () => {
    const [now, latest] = await Promise.all([ws.runs.list({ filter: ACTIVE_RUNS, top: 50, includeChildren: 'true' }), ws.runs.list({ top: 15 })]);
    return { now: now.items, latest: latest.items };
  }, [ws], { every: 3000 });
  const endpoints = useResource(() => ws.endpoints.list(), [ws], { every: 3000 });
  const compute = useResource(async () => (await ws.transport.call(api.compute.list, { params: { workspace: ws.name } })).items, [ws], { every: 3000 });
  return (
    <div className="page">
      <h1>Workspace {ws.name}</h1>
      <section aria-label="Running now">
        <h2>Running now</h2>
        {runs.data ? <RunsList ws={ws.name} runs={runs.data.now} caption="Running now" /> : null}
      </section>
      <section aria-label="Recent runs">
        <h2>Recent runs</h2>
        <ErrorBox error={runs.error} />
        {runs.data ? <><RunsList ws={ws.name} runs={runs.data.latest} caption="Recent runs" /><Link href={wsPath(ws.name, '/runs')}>All runs →</Link></> : null}
      </section>
      <section aria-label="Endpoints' health">
        <h2>Endpoints</h2>
        <ErrorBox error={endpoints.error} />
        {endpoints.data ? <EndpointsTable ws={ws.name} endpoints={endpoints.data} caption="Endpoints" /> : null}
        <Link href={wsPath(ws.name, '/endpoints')}>All endpoints →</Link>
      </section>
      <section aria-label="Compute usage">
        <h2>Compute usage</h2>
        <ErrorBox error={compute.error} />
        {compute.data ? (
          <table className="list">
            <Head labels={['Target', 'Type', 'Running', 'Capacity', 'Queued']} />
            <tbody>{compute.data.map((t) => <tr key={t.name}><td>{t.name}</td><td>{t.type}</td><td className="num">{t.active}</td><td className="num">{t.capacity}</td><td className="num">{t.queued}</td></tr>)}</tbody>
          </table>
        ) : null}
        <Link href={wsPath(ws.name, '/compute')}>Compute details →</Link>
      </section>
    </div>
  );
}
