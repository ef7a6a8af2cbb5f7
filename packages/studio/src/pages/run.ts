/** A run: overview, metrics, logs, files, children and system metrics as tabs; live while it runs. */
import { isTerminal, type Run } from '@cairn/api';
import type { Page, PageContext } from '../router.js';
import { runPath } from '../router.js';
import { h, replace } from '../ui/dom.js';
import { errorBox } from '../ui/errors.js';
import { statusBadge } from '../ui/format.js';
import { link } from '../ui/link.js';

/** A tab's content; `dispose` stops its polling or event source. */
export interface Tab {
  el: HTMLElement;
  dispose?(): void;
}

const tabs = [
  ['overview', 'Overview', () => import('./run-overview.js')],
  ['metrics', 'Metrics', () => import('./run-metrics.js')],
  ['logs', 'Logs', () => import('./run-logs.js')],
  ['files', 'Files', () => import('./run-files.js')],
  ['children', 'Child runs', () => import('./run-children.js')],
  ['system', 'System metrics', () => import('./run-system.js')],
] as const;

type TabModule = { default: (ctx: PageContext, run: Run, reload: () => Promise<Run>) => Tab | Promise<Tab> };

/** The run page. */
export default async function runPage(ctx: PageContext): Promise<Page> {
  const runId = ctx.params['runId']!;
  let run: Run;
  try {
    run = await ctx.ws.runs.get(runId);
  } catch (error) {
    return { title: runId, el: h('div', { class: 'page' }, h('h1', {}, `Run ${runId}`), errorBox(error)) };
  }
  const active = tabs.find((t) => t[0] === ctx.query.get('tab'))?.[0] ?? 'overview';
  const heading = h('h1', {});
  const drawHeading = () => replace(heading, run.displayName || run.id, ' ', statusBadge(run.status));
  drawHeading();
  const reload = async () => { run = await ctx.ws.runs.get(runId); drawHeading(); return run; };
  const tabList = h('nav', { class: 'tabs', 'aria-label': 'Run sections' }, ...tabs.map(([id, label]) => {
    const a = link(runPath(ctx.ws.name, runId, id), label);
    if (id === active) a.setAttribute('aria-current', 'page');
    return a;
  }));
  const loader = tabs.find((t) => t[0] === active)![2] as () => Promise<TabModule>;
  let tab: Tab;
  try {
    tab = await (await loader()).default(ctx, run, reload);
  } catch (error) {
    tab = { el: errorBox(error) };
  }
  const crumbs = h('p', { class: 'crumbs' }, `Experiment ${run.experiment} · run ${run.number}`,
    run.parentRunId ? [' · child of ', link(runPath(ctx.ws.name, run.parentRunId), run.parentRunId)] : null);
  const el = h('div', { class: 'page page-wide' }, heading, crumbs, tabList, h('section', { class: 'tab' }, tab.el));
  return { title: run.displayName || run.id, el, dispose: () => tab.dispose?.() };
}

/** Whether a run may still change (so its pages keep polling). */
export function isLive(run: Run): boolean {
  return !isTerminal(run.status);
}
