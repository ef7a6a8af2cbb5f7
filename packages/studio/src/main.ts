/** The studio's entry: the layout, the router, and sign-in when the session is missing. */
import './styles.css';
import { StudioClient } from './api/client.js';
import { BrowserTransport } from './api/transport.js';
import { match, wsPath, type Page } from './router.js';
import { h, replace } from './ui/dom.js';
import { errorBox } from './ui/errors.js';
import { link, setNavigator } from './ui/link.js';

const root = document.getElementById('app')!;
const main = h('main', { id: 'content', tabindex: '-1' });
const nav = h('nav', { 'aria-label': 'Studio' });
const client = new StudioClient(new BrowserTransport(() => {
  if (window.location.pathname !== '/signin') navigate(`/signin?next=${encodeURIComponent(window.location.pathname + window.location.search)}`, { replace: true });
}));
let current: Page | undefined;
let renderCount = 0;

function navigate(path: string, options: { replace?: boolean } = {}): void {
  if (options.replace) history.replaceState(null, '', path);
  else history.pushState(null, '', path);
  void render();
}

function workspaceOf(path: string): string {
  return decodeURIComponent(/^\/w\/([^/]+)/.exec(path)?.[1] ?? 'default');
}

let workspaceNames: Promise<string[]> | undefined;

// A labelled workspace switcher, filled once per sign-in from the workspace list.
function workspaceSelect(ws: string): HTMLElement {
  const select = h('select', { id: 'workspace-select', onchange: (e) => navigate(wsPath((e.target as HTMLSelectElement).value)) }, h('option', { value: ws }, ws));
  workspaceNames ??= client.workspaces.list().then((items) => items.map((w) => w.name), () => [ws]);
  void workspaceNames.then((names) => replace(select, ...[...new Set([ws, ...names])].sort().map((n) => h('option', { value: n, selected: n === ws }, n))));
  return h('span', { class: 'ws' }, h('label', { for: 'workspace-select' }, 'Workspace'), select);
}

function renderNav(ws: string, signedIn: boolean): void {
  if (!signedIn) { workspaceNames = undefined; return replace(nav, h('span', { class: 'brand' }, 'Cairn')); }
  const signOut = h('button', { type: 'button', onclick: async () => { await client.signOut().catch(() => undefined); navigate('/signin'); } }, 'Sign out');
  replace(nav, h('span', { class: 'brand' }, 'Cairn'), workspaceSelect(ws),
    link(wsPath(ws), 'Home'), link(wsPath(ws, '/experiments'), 'Experiments'), link(wsPath(ws, '/runs'), 'Runs'),
    link(wsPath(ws, '/models'), 'Models'), link(wsPath(ws, '/environments'), 'Environments'), link(wsPath(ws, '/compute'), 'Compute'), signOut);
}

async function render(): Promise<void> {
  const run = ++renderCount;
  const path = window.location.pathname;
  if (path === '/' || path === '') return navigate(wsPath('default'), { replace: true });
  const found = match(path);
  current?.dispose?.();
  current = undefined;
  const ws = workspaceOf(path);
  renderNav(ws, path !== '/signin');
  if (!found) return replace(main, h('h1', {}, 'Not found'), h('p', {}, 'No studio page at this address. '), link(wsPath('default'), 'Go home'));
  try {
    const module = await found.load();
    const page = await module.default({ client, ws: client.workspace(ws), params: found.params, query: new URLSearchParams(window.location.search), navigate });
    if (run !== renderCount) return page.dispose?.();
    current = page;
    document.title = `${page.title} · Cairn`;
    replace(main, page.el);
    // Focus moves to the new page (or its first field) so keyboard and screen reader users follow.
    (main.querySelector<HTMLElement>('[data-autofocus]') ?? main).focus({ preventScroll: true });
  } catch (error) {
    if (run === renderCount) replace(main, h('h1', {}, 'Something went wrong'), errorBox(error));
  }
}

setNavigator(navigate);
window.addEventListener('popstate', () => void render());
replace(root, h('a', { class: 'skip', href: '#content' }, 'Skip to content'), h('header', {}, nav), main);
void render();
