/**
 * The runs table: filter (the CLI's language, errors at the failing token), chosen latest-metric
 * columns, sorting, selection for compare; virtualised so 10,000 runs scroll smoothly.
 */
import type { Run } from '@cairn/api';
import type { Page, PageContext } from '../router.js';
import { wsPath } from '../router.js';
import { h, keepFocus, replace } from '../ui/dom.js';
import { errorBox } from '../ui/errors.js';
import { filterBox } from '../ui/filter-box.js';
import { poll } from '../ui/poll.js';
import { virtualRows } from '../ui/virtual-rows.js';
import { baseColumns, metricColumn, sortRuns, type Column } from './runs-columns.js';

const ROW_HEIGHT = 34;

/** The runs page. */
export default async function runsPage(ctx: PageContext): Promise<Page> {
  const experiment = ctx.query.get('experiment') ?? undefined;
  const state = { runs: [] as Run[], shown: [] as Run[], latest: {} as Record<string, Record<string, unknown>>, metricNames: [] as string[],
    chosen: new Set<string>(), selected: new Set<string>(), children: ctx.query.get('children') === 'true', sort: { id: 'created', dir: -1 as 1 | -1 }, filter: ctx.query.get('filter') ?? '' };
  const count = h('p', { class: 'count', 'aria-live': 'polite' });
  const problem = h('div');
  const header = h('div', { class: 'grid-row grid-head', role: 'row', 'aria-rowindex': '1' });
  const compareButton = h('button', { type: 'button', disabled: true, onclick: () => ctx.navigate(wsPath(ctx.ws.name, `/compare?runs=${[...state.selected].map(encodeURIComponent).join(',')}`)) }, 'Compare selected');
  const chooser = h('fieldset', { class: 'metric-chooser' });
  const columns = (): Column[] => [...baseColumns(ctx.ws.name), ...[...state.chosen].map((n) => metricColumn(n, () => state.latest))];

  const rows = virtualRows(ROW_HEIGHT, (i) => {
    const run = state.shown[i]!;
    const box = h('input', { type: 'checkbox', 'aria-label': `Select ${run.displayName || run.id}`, checked: state.selected.has(run.id),
      onchange: (e) => { const on = (e.target as HTMLInputElement).checked; if (on) state.selected.add(run.id); else state.selected.delete(run.id); updateCompare(); } });
    return h('div', { class: 'grid-row', role: 'row' }, h('span', { role: 'cell', class: 'sel' }, box),
      ...columns().map((c) => h('span', { role: 'cell', class: `cell col-${c.id.startsWith('metric:') ? 'metric' : c.id}` }, c.cell(run))));
  });

  function updateCompare(): void {
    compareButton.disabled = state.selected.size < 2;
    replace(compareButton, `Compare selected (${state.selected.size})`);
  }

  function drawHeader(): void {
    replace(header, h('span', { role: 'columnheader', class: 'sel' }, h('span', { class: 'visually-hidden' }, 'Select')),
      ...columns().map((c) => {
        const active = state.sort.id === c.id;
        const sortAttr = active ? (state.sort.dir === 1 ? 'ascending' : 'descending') : 'none';
        return h('span', { role: 'columnheader', 'aria-sort': sortAttr, class: `cell col-${c.id.startsWith('metric:') ? 'metric' : c.id}` },
          h('button', { type: 'button', class: 'sort', onclick: () => sortBy(c.id) }, c.label, active ? (state.sort.dir === 1 ? ' ▲' : ' ▼') : ''));
      }));
  }

  function sortBy(id: string): void {
    state.sort = { id, dir: state.sort.id === id ? (state.sort.dir === 1 ? -1 : 1) : 1 };
    redraw();
  }

  function redraw(): void {
    const column = columns().find((c) => c.id === state.sort.id) ?? columns()[3]!;
    state.shown = sortRuns(state.runs, column, state.sort.dir);
    keepFocus(header, drawHeader);
    rows.setCount(state.shown.length);
    rows.refresh();
    replace(count, `${state.runs.length.toLocaleString()} runs${state.runs.length >= 10_000 ? ' (the first 10,000; narrow the filter)' : ''}`);
  }

  function drawChooser(): void {
    keepFocus(chooser, () => replace(chooser, h('legend', {}, 'Metric columns'), ...(state.metricNames.length === 0 ? [h('span', { class: 'empty' }, 'No metrics logged yet.')] : state.metricNames.map((name) => {
      const id = `metric-col-${name}`;
      return h('label', { class: 'check', for: id }, h('input', { id, type: 'checkbox', checked: state.chosen.has(name), onchange: (e) => {
        if ((e.target as HTMLInputElement).checked) state.chosen.add(name); else state.chosen.delete(name);
        redraw();
      } }), name);
    }))));
  }

  let generation = 0;
  // The first page is drawn as soon as it arrives; later pages (up to 10,000 runs) join as they come.
  async function load(): Promise<void> {
    const mine = ++generation;
    const runs: Run[] = [];
    const latest: Record<string, Record<string, unknown>> = {};
    try {
      for await (const page of ctx.ws.runPages({ filter: state.filter || undefined, experiment, includeChildren: state.children ? 'true' : undefined })) {
        if (mine !== generation) return;
        runs.push(...page);
        state.runs = runs.slice();
        redraw();
        if (page.length) Object.assign(latest, await ctx.ws.latest(page.map((r) => r.id)));
        if (mine !== generation) return;
        Object.assign(state, { latest, metricNames: [...new Set(Object.values(latest).flatMap((m) => Object.keys(m)))].sort() });
        drawChooser();
        redraw();
      }
      if (mine !== generation) return;
      if (runs.length === 0) { Object.assign(state, { runs, latest, metricNames: [] }); drawChooser(); redraw(); }
      filter.clearError();
      replace(problem);
    } catch (error) {
      if (mine !== generation) return;
      if ((error as { code?: string }).code === 'INVALID_FILTER') filter.showError(error);
      else replace(problem, errorBox(error));
      Object.assign(state, { runs: [], latest: {} });
      redraw();
    }
  }

  const filter = filterBox(state.filter, (text) => {
    state.filter = text;
    const query = new URLSearchParams(ctx.query);
    if (text) query.set('filter', text); else query.delete('filter');
    history.replaceState(null, '', `${window.location.pathname}?${query}`);
    void load();
  });
  const childrenBox = h('input', { id: 'include-children', type: 'checkbox', checked: state.children, onchange: (e) => { state.children = (e.target as HTMLInputElement).checked; void load(); } });
  const first = load();
  updateCompare();
  const grid = h('div', { class: 'grid', role: 'table', 'aria-label': 'Runs' }, h('div', { role: 'rowgroup' }, header), rows.el);
  const el = h('div', { class: 'page page-wide' }, h('h1', {}, experiment ? `Runs of ${experiment}` : 'Runs'), filter.el,
    h('div', { class: 'toolbar' }, count, h('label', { for: 'include-children', class: 'check' }, childrenBox, 'Include child runs'), compareButton), chooser, problem, grid);
  await Promise.race([first, new Promise((resolve) => setTimeout(resolve, 300))]);
  // Refreshing 10,000 runs every few seconds would cost more than it shows; large tables refresh on Apply.
  return { title: 'Runs', el, dispose: poll(async () => { if (state.runs.length <= 1000) await load(); }, 5000) };
}
