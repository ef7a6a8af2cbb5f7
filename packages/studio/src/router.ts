/** The studio's routes: paths to lazily loaded pages, so each page is its own bundle chunk. */
import { lazy, type ComponentType, type LazyExoticComponent } from 'react';
import type { RunQuery, StudioClient, StudioWorkspace } from './api/client.js';

/** What a page gets. */
export interface PageProps {
  client: StudioClient;
  /** The workspace named in the path (`default` when none). */
  ws: StudioWorkspace;
  params: Record<string, string>;
  query: URLSearchParams;
  navigate(path: string, options?: { replace?: boolean }): void;
}

type PageComponent = LazyExoticComponent<ComponentType<PageProps>>;
/** Data a page will ask for first, asked for while its chunk loads. */
type Prefetch = (ws: StudioWorkspace, query: URLSearchParams) => void;

const W = '/w/([^/]+)';
const routes: Array<[RegExp, string[], PageComponent, Prefetch?]> = [
  [/^\/signin$/, [], lazy(() => import('./pages/signin.js'))],
  [new RegExp(`^${W}$`), ['workspace'], lazy(() => import('./pages/home.js'))],
  [new RegExp(`^${W}/experiments$`), ['workspace'], lazy(() => import('./pages/experiments.js'))],
  [new RegExp(`^${W}/runs$`), ['workspace'], lazy(() => import('./pages/runs.js')), (ws, q) => ws.prefetchRuns(runsQueryOf(q))],
  [new RegExp(`^${W}/runs/([^/]+)$`), ['workspace', 'runId'], lazy(() => import('./pages/run.js'))],
  [new RegExp(`^${W}/compare$`), ['workspace'], lazy(() => import('./pages/compare.js'))],
  [new RegExp(`^${W}/models$`), ['workspace'], lazy(() => import('./pages/models.js'))],
  [new RegExp(`^${W}/models/([^/]+)/(\\d+)$`), ['workspace', 'name', 'version'], lazy(() => import('./pages/model.js'))],
  [new RegExp(`^${W}/datasets$`), ['workspace'], lazy(() => import('./pages/datasets.js'))],
  [new RegExp(`^${W}/datasets/([^/]+)/(\\d+)$`), ['workspace', 'name', 'version'], lazy(() => import('./pages/dataset.js'))],
  [new RegExp(`^${W}/endpoints$`), ['workspace'], lazy(() => import('./pages/endpoints.js'))],
  [new RegExp(`^${W}/endpoints/([^/]+)$`), ['workspace', 'name'], lazy(() => import('./pages/endpoint.js'))],
  [new RegExp(`^${W}/environments$`), ['workspace'], lazy(() => import('./pages/environments.js'))],
  [new RegExp(`^${W}/compute$`), ['workspace'], lazy(() => import('./pages/compute.js'))],
];

/** The page, path parameters and prefetch for a path, or null when no route matches. */
export function match(path: string): { Page: PageComponent; params: Record<string, string>; prefetch?: Prefetch } | null {
  for (const [pattern, names, Page, prefetch] of routes) {
    const m = pattern.exec(path);
    if (m) return { Page, prefetch, params: Object.fromEntries(names.map((n, i) => [n, decodeURIComponent(m[i + 1]!)])) };
  }
  return null;
}

/** The runs a runs table's address asks for (`?filter=`, `?experiment=`, `?children=true`). */
export function runsQueryOf(query: URLSearchParams): RunQuery {
  return { filter: query.get('filter') || undefined, experiment: query.get('experiment') ?? undefined, includeChildren: query.get('children') === 'true' ? 'true' : undefined };
}

/** The path of a workspace page. */
export function wsPath(ws: string, rest = ''): string {
  return `/w/${encodeURIComponent(ws)}${rest}`;
}

/** The path of a run page. */
export function runPath(ws: string, runId: string, tab?: string): string {
  return wsPath(ws, `/runs/${encodeURIComponent(runId)}${tab ? `?tab=${tab}` : ''}`);
}

/** The path of a dataset version's page. */
export function datasetPath(ws: string, name: string, version: number): string {
  return wsPath(ws, `/datasets/${encodeURIComponent(name)}/${version}`);
}

/** The path of an endpoint's page. */
export function endpointPath(ws: string, name: string): string {
  return wsPath(ws, `/endpoints/${encodeURIComponent(name)}`);
}

/** The path of a model version's page. */
export function modelPath(ws: string, name: string, version: number): string {
  return wsPath(ws, `/models/${encodeURIComponent(name)}/${version}`);
}

/** Where a dataset reference as written (`name` or `name:version`) leads: the version, or the name's versions. */
export function datasetRefPath(ws: string, ref: string): string {
  const m = /^(.+):(\d+)$/.exec(ref);
  return m ? datasetPath(ws, m[1]!, Number(m[2])) : wsPath(ws, `/datasets?name=${encodeURIComponent(ref)}`);
}
