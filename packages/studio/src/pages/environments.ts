/** Environments: each with its versions, the spec of the chosen one and its builds with their logs. */
import { api, type EnvironmentVersion } from '@cairn/api';
import type { Page, PageContext } from '../router.js';
import { wsPath } from '../router.js';
import { h } from '../ui/dom.js';
import { errorBox } from '../ui/errors.js';
import { formatTime } from '../ui/format.js';
import { link } from '../ui/link.js';

/** The environments page; `?name=` shows that environment's versions and builds. */
export default async function environments(ctx: PageContext): Promise<Page> {
  const chosen = ctx.query.get('name');
  const el = h('div', { class: 'page page-wide' }, h('h1', {}, chosen ? `Environment ${chosen}` : 'Environments'));
  try {
    if (chosen) el.append(await versions(ctx, chosen));
    else el.append(await list(ctx));
  } catch (error) {
    el.append(errorBox(error));
  }
  return { title: 'Environments', el };
}

async function list(ctx: PageContext): Promise<HTMLElement> {
  const { items } = await ctx.ws.transport.call(api.environments.list, { params: { workspace: ctx.ws.name } });
  return h('table', { class: 'list' }, h('thead', {}, h('tr', {}, ...['Environment', 'Latest version', 'Versions', 'Built in'].map((c) => h('th', { scope: 'col' }, c)))),
    h('tbody', {}, ...items.map((e) => h('tr', {}, h('td', {}, link(wsPath(ctx.ws.name, `/environments?name=${encodeURIComponent(e.name)}`), e.name)),
      h('td', { class: 'num' }, e.latestVersion), h('td', { class: 'num' }, e.versionCount), h('td', {}, e.builtIn ? 'yes' : 'no')))));
}

async function versions(ctx: PageContext, name: string): Promise<HTMLElement> {
  const { items } = await ctx.ws.transport.call(api.environments.versions, { params: { workspace: ctx.ws.name, environment: name } });
  const sections = await Promise.all(items.map((v) => versionSection(ctx, v)));
  return h('div', {}, link(wsPath(ctx.ws.name, '/environments'), '← Environments'), ...sections);
}

async function versionSection(ctx: PageContext, v: EnvironmentVersion): Promise<HTMLElement> {
  const params = { workspace: ctx.ws.name, environment: v.name, version: v.version };
  const { items: builds } = await ctx.ws.transport.call(api.environments.builds, { params });
  const { name: _n, version: _v, hash, ...spec } = v;
  return h('section', {}, h('h2', {}, `Version ${v.version}`), h('p', { class: 'help' }, `hash ${hash}`),
    h('pre', { class: 'file-text' }, JSON.stringify(spec, null, 2)),
    builds.length === 0 ? h('p', { class: 'empty' }, 'Not built yet.') : h('table', { class: 'list' },
      h('thead', {}, h('tr', {}, ...['Build', 'Status', 'Node', 'Took', 'When', 'Log'].map((c) => h('th', { scope: 'col' }, c)))),
      h('tbody', {}, ...builds.map((b) => h('tr', {}, h('td', {}, b.id), h('td', {}, b.status), h('td', {}, b.node), h('td', {}, `${(b.durationMs / 1000).toFixed(1)} s${b.reused ? ' (reused)' : ''}`),
        h('td', {}, formatTime(b.createdAt)),
        h('td', {}, h('a', { href: ctx.ws.transport.href(api.environments.buildLog, { params: { ...params, build: b.id } }), download: '' }, 'Download log')))))));
}
