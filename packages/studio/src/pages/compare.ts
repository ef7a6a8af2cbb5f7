/**
 * Compare runs: their scalar metrics overlaid one chart per metric, a table of tags, properties and
 * final metrics with differing rows marked, and parallel coordinates over numeric values.
 */
import type { MetricSummary, Run } from '@cairn/api';
import type { Page, PageContext } from '../router.js';
import { runPath } from '../router.js';
import { chart, PALETTE } from '../ui/chart.js';
import { h } from '../ui/dom.js';
import { errorBox } from '../ui/errors.js';
import { formatValue, toNumber } from '../ui/format.js';
import { link } from '../ui/link.js';
import { parallelCoordinates } from '../ui/parallel.js';
import { isSystemMetric, lineOf } from './metric-views.js';

interface Entry { run: Run; metrics: MetricSummary[]; color: string }

/** The compare page (`?runs=a,b,c`). */
export default async function compare(ctx: PageContext): Promise<Page> {
  const ids = (ctx.query.get('runs') ?? '').split(',').filter(Boolean).slice(0, PALETTE.length);
  const el = h('div', { class: 'page page-wide' }, h('h1', {}, 'Compare runs'));
  if (ids.length < 2) {
    el.append(h('p', {}, 'Pick two or more runs in the runs table to compare them.'));
    return { title: 'Compare', el };
  }
  try {
    const entries: Entry[] = await Promise.all(ids.map(async (id, i) => ({ run: await ctx.ws.runs.get(id), metrics: await ctx.ws.metrics(id), color: PALETTE[i]! })));
    el.append(valueTable(ctx, entries), parallel(entries), await overlaid(ctx, entries));
  } catch (error) {
    el.append(errorBox(error));
  }
  return { title: 'Compare', el };
}

function rowsOf(entries: Entry[]): Array<[string, Array<unknown>]> {
  const keys = (pick: (e: Entry) => Record<string, unknown>, prefix: string) =>
    [...new Set(entries.flatMap((e) => Object.keys(pick(e))))].sort().map((k) => [`${prefix}${k}`, entries.map((e) => pick(e)[k])] as [string, unknown[]]);
  const latest = (e: Entry) => Object.fromEntries(e.metrics.filter((m) => m.kind === 'scalar').map((m) => [m.name, m.latest?.value]));
  return [...keys((e) => e.run.tags, 'tags.'), ...keys((e) => e.run.properties, 'properties.'), ...keys(latest, 'metrics.'),
    ['status', entries.map((e) => e.run.status)], ['duration (s)', entries.map((e) => e.run.durationSeconds)]];
}

function valueTable(ctx: PageContext, entries: Entry[]): HTMLElement {
  return h('section', {}, h('h2', {}, 'Parameters and metrics'), h('p', { class: 'help' }, 'Rows whose values differ are marked “differs”.'),
    h('table', { class: 'list compare' },
      h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Field'), ...entries.map((e) => h('th', { scope: 'col' }, link(runPath(ctx.ws.name, e.run.id), e.run.displayName || e.run.id))), h('th', { scope: 'col' }, 'Differs'))),
      h('tbody', {}, ...rowsOf(entries).map(([name, values]) => {
        const differs = new Set(values.map((v) => JSON.stringify(v ?? null))).size > 1;
        return h('tr', { class: differs ? 'differs' : '' }, h('th', { scope: 'row' }, name), ...values.map((v) => h('td', {}, formatValue(v))), h('td', {}, differs ? 'differs' : ''));
      }))));
}

function parallel(entries: Entry[]): HTMLElement {
  const rows = rowsOf(entries).filter(([, values]) => values.some((v) => toNumber(v) !== null || (typeof v === 'string' && v !== '' && Number.isFinite(Number(v)))));
  const numeric = (v: unknown) => toNumber(v) ?? (typeof v === 'string' && v !== '' && Number.isFinite(Number(v)) ? Number(v) : null);
  const profiles = entries.map((e, i) => ({ label: e.run.displayName || e.run.id, color: e.color, values: Object.fromEntries(rows.map(([name, values]) => [name, numeric(values[i])])) }));
  return h('section', {}, h('h2', {}, 'Parallel coordinates'), rows.length === 0 ? h('p', { class: 'empty' }, 'No numeric parameters or metrics to plot.')
    : h('div', { class: 'scroll-x' }, parallelCoordinates(rows.map(([n]) => n), profiles)));
}

async function overlaid(ctx: PageContext, entries: Entry[]): Promise<HTMLElement> {
  const names = [...new Set(entries.flatMap((e) => e.metrics.filter((m) => m.kind === 'scalar' && !isSystemMetric(m.name)).map((m) => m.name)))].sort();
  const section = h('section', {}, h('h2', {}, 'Metrics'));
  for (const name of names) {
    const c = chart(name);
    section.append(c.el);
    const lines = await Promise.all(entries.filter((e) => e.metrics.some((m) => m.name === name)).map(async (e) =>
      lineOf(await ctx.ws.series(e.run.id, name, 1000), e.run.displayName || e.run.id, e.color, 'step')));
    c.setLines(lines);
  }
  return section;
}
