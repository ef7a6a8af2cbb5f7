/** One model version: details, lineage (datasets → run → model → endpoints), files to download, aliases. */
import { api, type ModelDetail } from '@cairn/api';
import type { Page, PageContext } from '../router.js';
import { runPath, wsPath } from '../router.js';
import { h } from '../ui/dom.js';
import { errorBox } from '../ui/errors.js';
import { formatBytes, formatTime } from '../ui/format.js';
import { link } from '../ui/link.js';

const row = (label: string, value: Node | string) => h('tr', {}, h('th', { scope: 'row' }, label), h('td', {}, value));

/** The model version page. */
export default async function model(ctx: PageContext): Promise<Page> {
  const name = ctx.params['name']!;
  const version = ctx.params['version']!;
  const el = h('div', { class: 'page' }, h('h1', {}, `${name}:${version}`), h('p', { class: 'crumbs' }, link(wsPath(ctx.ws.name, '/models'), '← Models')));
  try {
    const m = await ctx.ws.transport.call(api.models.get, { params: { workspace: ctx.ws.name, ref: `${name}:${version}` } });
    el.append(details(m), lineage(ctx, m), files(ctx, m));
  } catch (error) {
    el.append(errorBox(error));
  }
  return { title: `${name}:${version}`, el };
}

function details(m: ModelDetail): HTMLElement {
  return h('section', {}, h('h2', {}, 'Details'), h('table', { class: 'props' }, h('tbody', {},
    row('Framework', `${m.framework}${m.frameworkVersion ? ` ${m.frameworkVersion}` : ''}`), row('Description', m.description || '–'),
    row('Aliases', m.aliases.join(', ') || '–'), row('Registered', `${formatTime(m.createdAt)} by ${m.createdBy}`),
    ...Object.entries(m.tags).map(([k, v]) => row(`tag ${k}`, v ?? '')), ...Object.entries(m.properties).map(([k, v]) => row(`property ${k}`, v ?? '')))));
}

// The lineage as a left-to-right chain of boxes, each linked where the studio has a page for it.
function lineage(ctx: PageContext, m: ModelDetail): HTMLElement {
  const box = (title: string, ...items: Array<Node | string>) => h('div', { class: 'lineage-box' }, h('strong', {}, title), ...items.map((i) => h('div', {}, i)));
  const run = m.lineage.run;
  return h('section', {}, h('h2', {}, 'Lineage'), h('div', { class: 'lineage', role: 'list', 'aria-label': 'Lineage: datasets, run, model, endpoints' },
    box('Datasets', ...(m.lineage.datasets.length ? m.lineage.datasets : ['none'])), h('span', { 'aria-hidden': 'true' }, '→'),
    box('Run', run ? link(runPath(ctx.ws.name, run.id), run.displayName || run.id) : 'none', run ? `${run.experiment} · ${run.status}` : ''), h('span', { 'aria-hidden': 'true' }, '→'),
    box('Model', `${m.name}:${m.version}`), h('span', { 'aria-hidden': 'true' }, '→'),
    box('Endpoints', ...(m.lineage.endpoints.length ? m.lineage.endpoints.map((e) => `${e.endpoint}/${e.deployment}${e.active ? '' : ' (inactive)'}`) : ['none']))));
}

function files(ctx: PageContext, m: ModelDetail): HTMLElement {
  return h('section', {}, h('h2', {}, 'Files'), h('ul', {}, ...m.files.map((f) => h('li', {},
    h('a', { href: ctx.ws.transport.href(api.models.download, { params: { workspace: ctx.ws.name, name: m.name, version: m.version, path: f.path } }), download: '' }, f.path),
    ` ${formatBytes(f.size)}`))));
}
