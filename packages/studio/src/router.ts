/** The studio's routes: paths to lazily loaded pages, so each page is its own bundle chunk. */
import type { StudioClient, StudioWorkspace } from './api/client.js';

/** What a page gets. */
export interface PageContext {
  client: StudioClient;
  /** The workspace named in the path (`default` when none). */
  ws: StudioWorkspace;
  params: Record<string, string>;
  query: URLSearchParams;
  navigate(path: string, options?: { replace?: boolean }): void;
}

/** A mounted page: its element and what to stop (polling, event sources) when it goes. */
export interface Page {
  title: string;
  el: HTMLElement;
  dispose?(): void;
}

type Loader = () => Promise<{ default: (ctx: PageContext) => Page | Promise<Page> }>;

const routes: Array<[RegExp, string[], Loader]> = [
  [/^\/signin$/, [], () => import('./pages/signin.js')],
  [/^\/w\/([^/]+)$/, ['workspace'], () => import('./pages/home.js')],
  [/^\/w\/([^/]+)\/experiments$/, ['workspace'], () => import('./pages/experiments.js')],
  [/^\/w\/([^/]+)\/runs$/, ['workspace'], () => import('./pages/runs.js')],
  [/^\/w\/([^/]+)\/runs\/([^/]+)$/, ['workspace', 'runId'], () => import('./pages/run.js')],
  [/^\/w\/([^/]+)\/compare$/, ['workspace'], () => import('./pages/compare.js')],
  [/^\/w\/([^/]+)\/models$/, ['workspace'], () => import('./pages/models.js')],
  [/^\/w\/([^/]+)\/models\/([^/]+)\/(\d+)$/, ['workspace', 'name', 'version'], () => import('./pages/model.js')],
  [/^\/w\/([^/]+)\/environments$/, ['workspace'], () => import('./pages/environments.js')],
  [/^\/w\/([^/]+)\/compute$/, ['workspace'], () => import('./pages/compute.js')],
];

/** The page loader and path parameters for a path, or null when no route matches. */
export function match(path: string): { load: Loader; params: Record<string, string> } | null {
  for (const [pattern, names, load] of routes) {
    const m = pattern.exec(path);
    if (m) return { load, params: Object.fromEntries(names.map((n, i) => [n, decodeURIComponent(m[i + 1]!)])) };
  }
  return null;
}

/** The path of a workspace page. */
export function wsPath(ws: string, rest = ''): string {
  return `/w/${encodeURIComponent(ws)}${rest}`;
}

/** The path of a run page. */
export function runPath(ws: string, runId: string, tab?: string): string {
  return wsPath(ws, `/runs/${encodeURIComponent(runId)}${tab ? `?tab=${tab}` : ''}`);
}
