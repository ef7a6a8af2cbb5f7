/** A run: overview, metrics, logs, files, children and system metrics as tabs; live while it runs. */
import { isTerminal, type Run } from '@cairn/api';
import { lazy, Suspense, type ComponentType } from 'react';
import type { PageProps } from '../router.js';
import { runPath } from '../router.js';
import { ErrorBox } from '../ui/errors.js';
import { StatusBadge } from '../ui/format.js';
import { Link } from '../ui/link.js';
import { useResource } from '../ui/use-resource.js';
import { useTitle } from '../ui/use-title.js';

/** What a tab gets: the page's props, the run as last read, and a way to read it again. */
export type TabProps = PageProps & { run: Run; reload(): Promise<void> };

const tabs: Array<[string, string, ComponentType<TabProps>]> = [
  ['overview', 'Overview', lazy(() => import('./run-overview.js'))],
  ['metrics', 'Metrics', lazy(() => import('./run-metrics.js'))],
  ['logs', 'Logs', lazy(() => import('./run-logs.js'))],
  ['files', 'Files', lazy(() => import('./run-files.js'))],
  ['snapshot', 'Snapshot', lazy(() => import('./run-snapshot.js'))],
  ['children', 'Child runs', lazy(() => import('./run-children.js'))],
  ['system', 'System metrics', lazy(() => import('./run-system.js'))],
];

/** The run page. */
export default function RunPage(props: PageProps) {
  const { ws, params, query } = props;
  const runId = params['runId']!;
  // The run is re-read while it may change (status, tags, end time); an ended run stays as it is.
  const { data: run, error, reload } = useResource(() => ws.runs.get(runId), [ws, runId], { every: 3000, live: (r) => !isTerminal(r.status) });
  useTitle(run ? run.displayName || run.id : runId);
  if (!run) return <div className="page"><h1>{`Run ${runId}`}</h1><ErrorBox error={error} /></div>;
  const active = tabs.find((t) => t[0] === query.get('tab')) ?? tabs[0]!;
  const Tab = active[2];
  return (
    <div className="page page-wide">
      <h1>{run.displayName || run.id} <StatusBadge status={run.status} /></h1>
      <p className="crumbs">{`Experiment ${run.experiment} · run ${run.number}`}
        {run.parentRunId ? <>{' · child of '}<Link href={runPath(ws.name, run.parentRunId)}>{run.parentRunId}</Link></> : null}</p>
      <ErrorBox error={error} />
      <nav className="tabs" aria-label="Run sections">
        {tabs.map(([id, label]) => <Link key={id} href={runPath(ws.name, runId, id)} aria-current={id === active[0] ? 'page' : undefined}>{label}</Link>)}
      </nav>
      <section className="tab">
        <Suspense fallback={<p>Loading…</p>}><Tab {...props} run={run} reload={reload} /></Suspense>
      </section>
    </div>
  );
}
