/** Experiments of a workspace with their run counts; each opens its runs table. */
import type { Page, PageContext } from '../router.js';
import { wsPath } from '../router.js';
import { h } from '../ui/dom.js';
import { errorBox } from '../ui/errors.js';
import { formatTime } from '../ui/format.js';
import { link } from '../ui/link.js';

/** The experiments page. */
export default async function experiments(ctx: PageContext): Promise<Page> {
  const el = h('div', { class: 'page' }, h('h1', {}, 'Experiments'));
  try {
    const items = await ctx.ws.experiments.list();
    el.append(items.length === 0 ? h('p', { class: 'empty' }, 'No experiments yet: submit a run to create one.') : h('table', { class: 'list' },
      h('thead', {}, h('tr', {}, ...['Experiment', 'Runs', 'Last run', 'Created'].map((c) => h('th', { scope: 'col' }, c)))),
      h('tbody', {}, ...items.map((e) => h('tr', {},
        h('td', {}, link(wsPath(ctx.ws.name, `/runs?experiment=${encodeURIComponent(e.name)}`), e.name)),
        h('td', { class: 'num' }, e.runCount), h('td', {}, formatTime(e.lastRunAt)), h('td', {}, formatTime(e.createdAt)))))));
  } catch (error) {
    el.append(errorBox(error));
  }
  return { title: 'Experiments', el };
}
