/** Compute targets of the workspace, as the compute routes report them. */
import { api } from '@cairn/api';
import type { Page, PageContext } from '../router.js';
import { h } from '../ui/dom.js';
import { errorBox } from '../ui/errors.js';
import { formatValue } from '../ui/format.js';
import { poll } from '../ui/poll.js';

/** The compute page. */
export default async function compute(ctx: PageContext): Promise<Page> {
  const body = h('div');
  const load = async () => {
    try {
      const { items } = await ctx.ws.transport.call(api.compute.list, { params: { workspace: ctx.ws.name } });
      const keys = [...new Set(items.flatMap((t) => Object.keys(t)))];
      body.replaceChildren(h('table', { class: 'list' }, h('thead', {}, h('tr', {}, ...keys.map((k) => h('th', { scope: 'col' }, k)))),
        h('tbody', {}, ...items.map((t) => h('tr', {}, ...keys.map((k) => h('td', {}, formatValue((t as Record<string, unknown>)[k]))))))));
    } catch (error) {
      body.replaceChildren(errorBox(error));
    }
  };
  await load();
  return { title: 'Compute', el: h('div', { class: 'page page-wide' }, h('h1', {}, 'Compute'), body), dispose: poll(load, 5000) };
}
