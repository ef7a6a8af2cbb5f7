/** Registered models: every version with framework, tags, aliases and where it came from. */
import { api } from '@cairn/api';
import type { Page, PageContext } from '../router.js';
import { runPath, wsPath } from '../router.js';
import { h } from '../ui/dom.js';
import { errorBox } from '../ui/errors.js';
import { formatBytes, formatTime } from '../ui/format.js';
import { link } from '../ui/link.js';

/** The model list. */
export default async function models(ctx: PageContext): Promise<Page> {
  const el = h('div', { class: 'page page-wide' }, h('h1', {}, 'Models'));
  try {
    const page = await ctx.ws.transport.call(api.models.list, { params: { workspace: ctx.ws.name }, query: { top: 1000 } });
    el.append(page.items.length === 0 ? h('p', { class: 'empty' }, 'No models registered yet (`cairn model register`).') : h('table', { class: 'list' },
      h('thead', {}, h('tr', {}, ...['Model', 'Version', 'Framework', 'Aliases', 'Tags', 'From run', 'Size', 'Registered'].map((c) => h('th', { scope: 'col' }, c)))),
      h('tbody', {}, ...page.items.map((m) => h('tr', {},
        h('td', {}, link(wsPath(ctx.ws.name, `/models/${encodeURIComponent(m.name)}/${m.version}`), m.name)), h('td', { class: 'num' }, m.version),
        h('td', {}, m.framework), h('td', {}, m.aliases.join(', ')),
        h('td', {}, Object.entries(m.tags).map(([k, v]) => (v ? `${k}=${v}` : k)).join(', ')),
        h('td', {}, m.runId ? link(runPath(ctx.ws.name, m.runId), m.runId) : '–'), h('td', {}, formatBytes(m.size)), h('td', {}, formatTime(m.createdAt)))))));
  } catch (error) {
    el.append(errorBox(error));
  }
  return { title: 'Models', el };
}
