/** Runs of one workspace: search, create, update, tag, cancel, children. */
import { api, type Run } from '@cairn/api';
import type { Transport } from './transport.js';
import type { BodyOf, OutputOf, QueryOf } from './types.js';

type Routes = typeof api.runs;

/** Run methods of a workspace. */
export class RunsApi {
  constructor(
    private readonly transport: Transport,
    private readonly workspace: string,
  ) {}

  /** One page of runs matching a query (experiment, filter, orderBy, top, cursor, includeChildren). */
  list(query: QueryOf<Routes['list']> = {}): Promise<OutputOf<Routes['list']>> {
    return this.transport.call(api.runs.list, { params: { workspace: this.workspace }, query });
  }

  /** Every run matching a query, following page cursors as the caller iterates. */
  async *iterate(query: QueryOf<Routes['list']> = {}): AsyncGenerator<Run> {
    let cursor = query.cursor;
    do {
      const page = await this.list({ ...query, cursor });
      yield* page.items;
      cursor = page.nextCursor;
    } while (cursor);
  }

  /** One run by id. */
  get(runId: string): Promise<Run> {
    return this.transport.call(api.runs.get, { params: this.#run(runId) });
  }

  /** Creates a run (and its experiment on first use). */
  create(body: BodyOf<Routes['create']>): Promise<Run> {
    return this.transport.call(api.runs.create, { params: { workspace: this.workspace }, body });
  }

  /** Changes a run's display name, description or status (forward moves only). */
  update(runId: string, body: BodyOf<Routes['update']>): Promise<Run> {
    return this.transport.call(api.runs.update, { params: this.#run(runId), body });
  }

  /** Cancels a run. */
  cancel(runId: string): Promise<Run> {
    return this.transport.call(api.runs.cancel, { params: this.#run(runId) });
  }

  /** Sets (merges) tags and removes the named ones; answers with the run's tags. */
  setTags(runId: string, set: Record<string, string | null>, remove: string[] = []): Promise<OutputOf<Routes['setTags']>> {
    return this.transport.call(api.runs.setTags, { params: this.#run(runId), body: { set, remove } });
  }

  /** Adds write-once properties; a key that already has another value is a PROPERTY_IMMUTABLE conflict. */
  addProperties(runId: string, properties: Record<string, string | null>): Promise<OutputOf<Routes['addProperties']>> {
    return this.transport.call(api.runs.addProperties, { params: this.#run(runId), body: { properties } });
  }

  /** The child runs of a run (every descendant with `recursive`). */
  async children(runId: string, options: { recursive?: boolean } = {}): Promise<Run[]> {
    const query = options.recursive === undefined ? {} : { recursive: options.recursive ? 'true' : 'false' } as const;
    return (await this.transport.call(api.runs.listChildren, { params: this.#run(runId), query })).items;
  }

  /** Creates up to 100 running child runs: `{ count }`, or one per value of a tag. */
  async createChildren(runId: string, spec: BodyOf<Routes['createChildren']>): Promise<Run[]> {
    return (await this.transport.call(api.runs.createChildren, { params: this.#run(runId), body: spec })).items;
  }

  #run(runId: string) {
    return { workspace: this.workspace, runId };
  }
}
