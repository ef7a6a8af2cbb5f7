/**
 * Compare runs: their scalar metrics overlaid one chart per metric, a table of tags, properties and
 * final metrics with differing rows marked, and parallel coordinates over numeric values.
 */
import { isTerminal, type MetricSummary, type Run } from '@cairn/api';
import type { StudioWorkspace } from '../api/client.js';
import type { PageProps } from '../router.js';
import { runPath } from '../router.js';
import { ErrorBox } from '../ui/errors.js';
import { formatValue, toNumber } from '../ui/format.js';
import { Link } from '../ui/link.js';
import { MetricChart, PALETTE } from '../ui/metric-chart.js';
import { ParallelCoordinates } from '../ui/parallel.js';
import { useResource } from '../ui/use-resource.js';
import { useTitle } from '../ui/use-title.js';
import { isSystemMetric, lineOf } from './metric-views.js';

interface Entry { run: Run; metrics: MetricSummary[]; color: string }

/** The compare page (`?runs=a,b,c`); re-read every few seconds while any run is live. */
export default function Compare({ ws, query }: PageProps) {
  useTitle('Compare');
  const ids = (query.get('runs') ?? '').split(',').filter(Boolean).slice(0, PALETTE.length);
  const { data: entries, error } = useResource(() => Promise.all(ids.map(async (id, i): Promise<Entry> => ({ run: await ws.runs.get(id), metrics: await ws.metrics(id), color: PALETTE[i]! }))),
    [ws, ids.join(',')], { every: 5000, live: (all) => all.some((e) => !isTerminal(e.run.status)), keep: true });
  if (ids.length < 2) return <div className="page page-wide"><h1>Compare runs</h1><p>Pick two or more runs in the runs table to compare them.</p></div>;
  return (
    <div className="page page-wide">
      <h1>Compare runs</h1>
      <ErrorBox error={error} />
      {entries ? <><ValueTable ws={ws.name} entries={entries} /><Parallel entries={entries} /><Overlaid ws={ws} entries={entries} /></> : null}
    </div>
  );
}

function rowsOf(entries: Entry[]): Array<[string, unknown[]]> {
  const keys = (pick: (e: Entry) => Record<string, unknown>, prefix: string) =>
    [...new Set(entries.flatMap((e) => Object.keys(pick(e))))].sort().map((k) => [`${prefix}${k}`, entries.map((e) => pick(e)[k])] as [string, unknown[]]);
  const latest = (e: Entry) => Object.fromEntries(e.metrics.filter((m) => m.kind === 'scalar').map((m) => [m.name, m.latest?.value]));
  return [...keys((e) => e.run.tags, 'tags.'), ...keys((e) => e.run.properties, 'properties.'), ...keys(latest, 'metrics.'),
    ['status', entries.map((e) => e.run.status)], ['duration (s)', entries.map((e) => e.run.durationSeconds)]];
}

function ValueTable({ ws, entries }: { ws: string; entries: Entry[] }) {
  return (
    <section>
      <h2>Parameters and metrics</h2>
      <p className="help">Rows whose values differ are marked “differs”.</p>
      <table className="list compare">
        <thead><tr><th scope="col">Field</th>{entries.map((e) => <th key={e.run.id} scope="col"><Link href={runPath(ws, e.run.id)}>{e.run.displayName || e.run.id}</Link></th>)}<th scope="col">Differs</th></tr></thead>
        <tbody>{rowsOf(entries).map(([name, values]) => {
          const differs = new Set(values.map((v) => JSON.stringify(v ?? null))).size > 1;
          return <tr key={name} className={differs ? 'differs' : ''}><th scope="row">{name}</th>{values.map((v, i) => <td key={i}>{formatValue(v)}</td>)}<td>{differs ? 'differs' : ''}</td></tr>;
        })}</tbody>
      </table>
    </section>
  );
}

const numeric = (v: unknown) => toNumber(v) ?? (typeof v === 'string' && v !== '' && Number.isFinite(Number(v)) ? Number(v) : null);

function Parallel({ entries }: { entries: Entry[] }) {
  const rows = rowsOf(entries).filter(([, values]) => values.some((v) => numeric(v) !== null));
  const profiles = entries.map((e, i) => ({ label: e.run.displayName || e.run.id, color: e.color, values: Object.fromEntries(rows.map(([name, values]) => [name, numeric(values[i])])) }));
  return (
    <section>
      <h2>Parallel coordinates</h2>
      {rows.length === 0 ? <p className="empty">No numeric parameters or metrics to plot.</p>
        : <div className="scroll-x"><ParallelCoordinates dimensions={rows.map(([n]) => n)} profiles={profiles} /></div>}
    </section>
  );
}

function Overlaid({ ws, entries }: { ws: StudioWorkspace; entries: Entry[] }) {
  const names = [...new Set(entries.flatMap((e) => e.metrics.filter((m) => m.kind === 'scalar' && !isSystemMetric(m.name)).map((m) => m.name)))].sort();
  return <section><h2>Metrics</h2><div className="charts">{names.map((name) => <Overlay key={name} ws={ws} name={name} entries={entries.filter((e) => e.metrics.some((m) => m.name === name))} />)}</div></section>;
}

// One metric of every run that logged it, on one chart.
function Overlay({ ws, name, entries }: { ws: StudioWorkspace; name: string; entries: Entry[] }) {
  const stamp = entries.map((e) => `${e.run.id}:${e.metrics.find((m) => m.name === name)?.count}`).join(',');
  const { data, error } = useResource(() => Promise.all(entries.map(async (e) => lineOf(await ws.series(e.run.id, name, 1000), e.run.displayName || e.run.id, e.color, 'step'))), [ws, name, stamp], { keep: true });
  return <div className="chart-cell"><MetricChart title={name} lines={data ?? []} /><ErrorBox error={error} /></div>;
}
