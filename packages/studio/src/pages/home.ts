/** Workspace home: runs going on now and the latest runs, refreshed while visible. */
import { api } from '@cairn/api';
import type { Page, PageContext } from '../router.js';
import { wsPath } from '../router.js';
import { h, keepFocus, replace } from '../ui/dom.js';
import { errorBox } from '../ui/errors.js';
import { link } from '../ui/link.js';
import { poll } from '../ui/poll.js';
import { runsTable } from '../ui/runs-list.js';

const ACTIVE = "status in ('Queued', 'Preparing', 'Running', 'Finalizing', 'CancelRequested', 'NotResponding')";

/** The home page of a workspace. */
export default async function home(ctx: PageContext): Promise<Page> {
  const running = h('section', { 'aria-label': 'Running now' });
  const recent = h('section', { 'aria-label': 'Recent runs' });
  const compute = h('section', { 'aria-label': 'Compute usage' });
  const refresh = async () => {
    try {
      const [now, latest] = await Promise.all([
        ctx.ws.runs.list({ filter: ACTIVE, top: 50, includeChildren: 'true' }),
        ctx.ws.runs.list({ top: 15 }),
      ]);
      keepFocus(running, () => replace(running, h('h2', {}, 'Running now'), runsTable(ctx.ws.name, now.items, 'Running now')));
      keepFocus(recent, () => replace(recent, h('h2', {}, 'Recent runs'), runsTable(ctx.ws.name, latest.items, 'Recent runs'), link(wsPath(ctx.ws.name, '/runs'), 'All runs →')));
    } catch (error) {
      replace(recent, errorBox(error));
    }
    await ctx.ws.transport.call(api.compute.list, { params: { workspace: ctx.ws.name } }).then(({ items }) => keepFocus(compute, () => replace(compute,
      h('h2', {}, 'Compute usage'), h('table', { class: 'list' }, h('thead', {}, h('tr', {}, ...['Target', 'Type', 'Running', 'Capacity', 'Queued'].map((c) => h('th', { scope: 'col' }, c)))),
        h('tbody', {}, ...items.map((t) => h('tr', {}, h('td', {}, t.name), h('td', {}, t.type), h('td', { class: 'num' }, t.active), h('td', { class: 'num' }, t.capacity), h('td', { class: 'num' }, t.queued))))),
      link(wsPath(ctx.ws.name, '/compute'), 'Compute details →'))), (error) => replace(compute, errorBox(error)));
  };
  await refresh();
  const el = h('div', { class: 'page' }, h('h1', {}, `Workspace ${ctx.ws.name}`), running, recent, compute);
  return { title: ctx.ws.name, el, dispose: poll(refresh, 3000) };
}
