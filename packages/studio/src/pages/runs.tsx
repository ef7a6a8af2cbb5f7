/**
 * The runs table: filter (the CLI's language, errors at the failing token), chosen latest-metric
 * columns, sorting, selection for compare; virtualised so 10,000 runs scroll smoothly.
 */
import type { Run } from '@cairn/api';
import { useEffect, useMemo, useState } from 'react';
import type { RunQuery, StudioWorkspace } from '../api/client.js';
import type { PageProps } from '../router.js';
import { wsPath } from '../router.js';
import { ErrorBox } from '../ui/errors.js';
import { FilterBox } from '../ui/filter-box.js';
import { poll } from '../ui/poll.js';
import { useTitle } from '../ui/use-title.js';
import { VirtualRows } from '../ui/virtual-rows.js';
import { baseColumns, columnClass, metricColumn, sortRuns } from './runs-columns.js';

const ROW_HEIGHT = 34;
type Latest = Record<string, Record<string, unknown>>;

/** The runs page. */
export default function Runs({ ws, query, navigate }: PageProps) {
  const experiment = query.get('experiment') ?? undefined;
  useTitle(experiment ? `Runs of ${experiment}` : 'Runs');
  const [filter, setFilter] = useState(query.get('filter') ?? '');
  const [children, setChildren] = useState(query.get('children') === 'true');
  // The same query as the address gives the router's prefetch (runsQueryOf), so the first page is reused.
  const { runs, latest, error } = useRunPages(ws, { filter: filter || undefined, experiment, includeChildren: children ? 'true' : undefined });
  const [chosen, setChosen] = useState<string[]>([]);
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [sort, setSort] = useState({ id: 'created', dir: -1 as 1 | -1 });
  const metricNames = useMemo(() => [...new Set(Object.values(latest).flatMap((m) => Object.keys(m)))].sort(), [latest]);
  const columns = useMemo(() => [...baseColumns(ws.name), ...chosen.map((n) => metricColumn(n, latest))], [ws, chosen, latest]);
  const shown = useMemo(() => sortRuns(runs, columns.find((c) => c.id === sort.id) ?? columns[3]!, sort.dir), [runs, columns, sort]);
  const apply = (text: string) => {
    const next = new URLSearchParams(window.location.search);
    if (text) next.set('filter', text); else next.delete('filter');
    history.replaceState(null, '', `${window.location.pathname}?${next}`);
    setFilter(text);
  };
  const toggle = (id: string, on: boolean) => setSelected((s) => { const n = new Set(s); if (on) n.add(id); else n.delete(id); return n; });
  const invalidFilter = (error as { code?: string } | undefined)?.code === 'INVALID_FILTER';
  return (
    <div className="page page-wide">
      <h1>{experiment ? `Runs of ${experiment}` : 'Runs'}</h1>
      <FilterBox initial={filter} error={invalidFilter ? error : undefined} apply={apply} />
      <div className="toolbar">
        <p className="count" aria-live="polite">{`${runs.length.toLocaleString()} runs${runs.length >= 10_000 ? ' (the first 10,000; narrow the filter)' : ''}`}</p>
        <label htmlFor="include-children" className="check"><input id="include-children" type="checkbox" checked={children} onChange={(e) => setChildren(e.target.checked)} />Include child runs</label>
        <button type="button" disabled={selected.size < 2} onClick={() => navigate(wsPath(ws.name, `/compare?runs=${[...selected].map(encodeURIComponent).join(',')}`))}>{`Compare selected (${selected.size})`}</button>
      </div>
      <fieldset className="metric-chooser">
        <legend>Metric columns</legend>
        {metricNames.length === 0 ? <span className="empty">No metrics logged yet.</span> : metricNames.map((name) => (
          <label key={name} className="check" htmlFor={`metric-col-${name}`}>
            <input id={`metric-col-${name}`} type="checkbox" checked={chosen.includes(name)} onChange={(e) => setChosen((c) => (e.target.checked ? [...c, name] : c.filter((n) => n !== name)))} />{name}
          </label>
        ))}
      </fieldset>
      {invalidFilter ? null : <ErrorBox error={error} />}
      <div className="grid" role="table" aria-label="Runs">
        <div role="rowgroup">
          <div className="grid-row grid-head" role="row" aria-rowindex={1}>
            <span role="columnheader" className="sel"><span className="visually-hidden">Select</span></span>
            {columns.map((c) => {
              const active = sort.id === c.id;
              return (
                <span key={c.id} role="columnheader" aria-sort={active ? (sort.dir === 1 ? 'ascending' : 'descending') : 'none'} className={columnClass(c)}>
                  <button type="button" className="sort" onClick={() => setSort((s) => ({ id: c.id, dir: s.id === c.id ? (s.dir === 1 ? -1 : 1) : 1 }))}>{c.label}{active ? (sort.dir === 1 ? ' ▲' : ' ▼') : ''}</button>
                </span>
              );
            })}
          </div>
        </div>
        <VirtualRows count={shown.length} rowHeight={ROW_HEIGHT} rowKey={(i) => shown[i]!.id} row={(i) => {
          const run = shown[i]!;
          return (
            <>
              <span role="cell" className="sel"><input type="checkbox" aria-label={`Select ${run.displayName || run.id}`} checked={selected.has(run.id)} onChange={(e) => toggle(run.id, e.target.checked)} /></span>
              {columns.map((c) => <span key={c.id} role="cell" className={columnClass(c)}>{c.cell(run)}</span>)}
            </>
          );
        }} />
      </div>
    </div>
  );
}

// Pages of runs with their latest metrics: the first page shows as soon as it arrives, later ones
// (up to 10,000 runs) join as they come. Small tables refresh every few seconds; 10,000 runs every
// few seconds would cost more than they show, so large tables refresh when the filter is applied.
function useRunPages(ws: StudioWorkspace, q: RunQuery): { runs: Run[]; latest: Latest; error: unknown } {
  const [state, setState] = useState<{ runs: Run[]; latest: Latest; error: unknown }>({ runs: [], latest: {}, error: undefined });
  useEffect(() => {
    let gone = false;
    let count = 0;
    const load = async (first: boolean) => {
      const runs: Run[] = [];
      const latest: Latest = {};
      try {
        for await (const page of ws.runPages(q)) {
          if (gone) return;
          runs.push(...page);
          if (first) setState({ runs: runs.slice(), latest: { ...latest }, error: undefined });
          if (page.length) Object.assign(latest, await ws.latest(page.map((r) => r.id)));
          if (gone) return;
          if (first) setState({ runs: runs.slice(), latest: { ...latest }, error: undefined });
        }
        count = runs.length;
        if (!gone) setState({ runs, latest, error: undefined });
      } catch (error) {
        if (!gone) setState(first || (error as { code?: string }).code === 'INVALID_FILTER' ? { runs: [], latest: {}, error } : (s) => ({ ...s, error }));
      }
    };
    void load(true);
    const stop = poll(async () => { if (count <= 1000) await load(false); }, 5000);
    return () => { gone = true; stop(); };
  }, [ws, q.filter, q.experiment, q.includeChildren]);
  return state;
}
