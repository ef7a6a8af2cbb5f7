/** The studio's view of one server: SDK facades per workspace, over the cookie transport. */
import { api, type Run } from '@cairn/api';
import { DatasetsApi } from '../../../sdk/src/datasets.js';
import { EndpointsApi } from '../../../sdk/src/endpoints.js';
import { EnvironmentsApi } from '../../../sdk/src/environments.js';
import { ExperimentsApi } from '../../../sdk/src/experiments.js';
import { FilesApi } from '../../../sdk/src/files.js';
import { ModelsApi } from '../../../sdk/src/models.js';
import { RunsApi } from '../../../sdk/src/runs.js';
import { WorkspacesApi } from '../../../sdk/src/workspaces.js';
import { BrowserTransport } from './transport.js';

/**
 * One workspace's calls, as the pages use them: the SDK's facades where they are browser-safe, and
 * the metric reads here because the SDK's MetricsApi imports node:crypto (batch keys for writes).
 */
export class StudioWorkspace {
  readonly runs: RunsApi;
  readonly experiments: ExperimentsApi;
  readonly files: FilesApi;
  readonly models: ModelsApi;
  readonly datasets: DatasetsApi;
  readonly environments: EnvironmentsApi;
  readonly endpoints: EndpointsApi;
  constructor(readonly transport: BrowserTransport, readonly name: string) {
    const sdk = transport.asSdk();
    this.runs = new RunsApi(sdk, name);
    this.experiments = new ExperimentsApi(sdk, name);
    this.files = new FilesApi(sdk, name);
    this.models = new ModelsApi(sdk, name);
    this.datasets = new DatasetsApi(sdk, name);
    this.environments = new EnvironmentsApi(sdk, name);
    this.endpoints = new EndpointsApi(sdk, name);
  }

  /** A run's metrics with their latest values. */
  async metrics(runId: string) {
    return (await this.transport.call(api.metrics.list, { params: { workspace: this.name, runId } })).items;
  }

  /** One series, downsampled to `maxPoints`. */
  series(runId: string, name: string, maxPoints: number, x: 'step' | 'timestamp' = 'step') {
    return this.transport.call(api.metrics.series, { params: { workspace: this.name, runId, name }, query: { maxPoints, x } });
  }

  /** Latest values of the named metrics (all when omitted) for up to 1,000 runs per call. */
  async latest(runIds: string[], names?: string[]): Promise<Record<string, Record<string, unknown>>> {
    const out: Record<string, Record<string, unknown>> = {};
    for (let i = 0; i < runIds.length; i += 1000) {
      const body = { runIds: runIds.slice(i, i + 1000), ...(names ? { names } : {}) };
      Object.assign(out, (await this.transport.call(api.metrics.latest, { params: { workspace: this.name }, body })).runs);
    }
    return out;
  }

  /** A run file's bytes, read with the session cookie. */
  async fileBlob(runId: string, path: string): Promise<Blob> {
    return (await this.transport.fetch(api.files.download, { params: { workspace: this.name, runId, path } }, { accept: '*/*' })).blob();
  }

  /** The link that downloads a run file (the server answers as an attachment with nosniff). */
  fileHref(runId: string, path: string): string {
    return this.transport.href(api.files.download, { params: { workspace: this.name, runId, path } });
  }

  /** Pages of up to 1,000 runs matching a query, newest first, until `limit` runs; the first arrives fast. */
  async *runPages(query: RunQuery, limit = 10_000): AsyncGenerator<Run[]> {
    let cursor: string | undefined;
    let total = 0;
    const early = this.#firstPages.get(runQueryKey(query));
    this.#firstPages.delete(runQueryKey(query));
    do {
      // A small first page puts rows on screen sooner; the rest come 1,000 at a time.
      const page = await ((total === 0 ? early : undefined) ?? this.runs.list({ ...query, top: total === 0 ? FIRST_PAGE : 1000, cursor }));
      total += page.items.length;
      yield page.items;
      cursor = page.nextCursor;
    } while (cursor && total < limit);
  }

  /**
   * Starts reading the first page of runs for a query while the page that shows them still loads
   * (its chunk and React's render), so the request and the chunk travel together; `runPages` takes it.
   */
  prefetchRuns(query: RunQuery): void {
    const key = runQueryKey(query);
    if (this.#firstPages.has(key)) return;
    const page = this.runs.list({ ...query, top: FIRST_PAGE });
    // A page never opened (the reader left first) must not report its failure as unhandled.
    page.catch(() => undefined);
    this.#firstPages.set(key, page);
  }

  readonly #firstPages = new Map<string, ReturnType<RunsApi['list']>>();
}

const FIRST_PAGE = 200;

/** What a runs table asks for. */
export interface RunQuery { filter?: string; experiment?: string; includeChildren?: 'true' | 'false' }

const runQueryKey = (q: RunQuery) => JSON.stringify([q.filter ?? null, q.experiment ?? null, q.includeChildren ?? null]);

/** The studio's client of its own server. */
export class StudioClient {
  readonly workspaces: WorkspacesApi;
  constructor(readonly transport: BrowserTransport) {
    this.workspaces = new WorkspacesApi(transport.asSdk());
  }

  /** The calls of one workspace. */
  workspace(name: string): StudioWorkspace {
    return new StudioWorkspace(this.transport, name);
  }

  /** Who is signed in; throws UNAUTHENTICATED when nobody is. */
  whoami() {
    return this.transport.call(api.tokens.whoami);
  }

  /** Signs in with a token: the token goes once, as a bearer header; the answer sets the cookie. */
  async signIn(token: string): Promise<void> {
    await this.transport.fetch(api.sessions.create, {}, { authorization: `Bearer ${token}` });
  }

  /** Ends the session. */
  signOut(): Promise<void> {
    return this.transport.call(api.sessions.delete);
  }
}
