/** Workspace home: runs going on now and the latest runs, refreshed while visible. */
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
  };
  await refresh();
  const el = h('div', { class: 'page' }, h('h1', {}, `Workspace ${ctx.ws.name}`), running, recent);
  return { title: ctx.ws.name, el, dispose: poll(refresh, 3000) };
}
