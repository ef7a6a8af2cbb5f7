/**
 * Run search: parses the filter and order-by, scopes the search (experiment, parent, top-level),
 * and pages through the results with opaque cursors.
 */
import type { z } from 'zod';
import { InputError, NotFoundError, type ListRunsQuery, type Run } from '@cairn/api';
import type { ExperimentService } from '../experiments/experiment-service.js';
import type { WorkspaceRef } from '../http/implement.js';
import { type Filter, FilterError, type OrderTerm, parseFilter, parseOrderBy } from './filter/index.js';
import { decodeCursor, encodeCursor, searchScope } from './run-cursor.js';
import type { RunSearch, RunStore } from './run-store.js';
import { toApiRun } from './run-to-api.js';

type ListQuery = z.output<typeof ListRunsQuery>;

/** Searches the runs of a workspace, a page at a time. */
export class RunSearchService {
  constructor(
    private readonly store: RunStore,
    private readonly experiments: ExperimentService,
    private readonly now: () => number = Date.now,
  ) {}

  /** One page of runs; `nextCursor` continues the same search and is absent on the last page. */
  async list(workspace: WorkspaceRef, query: ListQuery): Promise<{ items: Run[]; nextCursor?: string }> {
    const { filter, orderBy } = parseSearch(query);
    const search = await this.scope(workspace, query, filter, orderBy);
    const scope = searchScope([query.experiment, query.filter, query.orderBy, query.includeChildren, query.parentRunId]);
    const position = query.cursor === undefined ? undefined : decodeCursor(query.cursor, scope, orderBy.length + 2);
    const now = position?.now ?? this.now();
    // One row more than the page tells whether another page follows.
    const hits = await this.store.search({ ...search, now, after: position?.keys, limit: query.top + 1 });
    const page = hits.slice(0, query.top);
    const last = page.at(-1);
    const nextCursor = hits.length > query.top && last ? encodeCursor(scope, { now, keys: last.keys }) : undefined;
    const shownAt = this.now();
    return { items: page.map((hit) => toApiRun(hit.run, workspace.name, shownAt)), ...(nextCursor ? { nextCursor } : {}) };
  }

  private async scope(workspace: WorkspaceRef, query: ListQuery, filter: Filter | undefined, orderBy: OrderTerm[]) {
    const experiment = query.experiment === undefined ? undefined : await this.experiments.resolve(workspace, query.experiment);
    if (query.parentRunId !== undefined && !(await this.store.get(workspace.id, query.parentRunId))) {
      throw new NotFoundError('RUN_NOT_FOUND', `no run with id ${query.parentRunId} in workspace ${workspace.name}`);
    }
    const search: Omit<RunSearch, 'now' | 'limit'> = {
      workspaceId: workspace.id, experimentId: experiment?.id, parentRunId: query.parentRunId,
      topLevelOnly: query.includeChildren !== 'true', filter, orderBy,
    };
    return search;
  }
}

/** The parsed filter and order-by. */
function parseSearch(query: ListQuery): { filter: Filter | undefined; orderBy: OrderTerm[] } {
  return {
    filter: parsed('filter', () => parseFilter(query.filter ?? '')),
    orderBy: parsed('orderBy', () => parseOrderBy(query.orderBy ?? '')),
  };
}

/** Runs a parser; a FilterError becomes INVALID_FILTER with the offending token's position, the token and a caret line. */
function parsed<T>(what: 'filter' | 'orderBy', parse: () => T): T {
  try {
    return parse();
  } catch (error) {
    if (!(error instanceof FilterError)) throw error;
    throw new InputError('INVALID_FILTER', `invalid ${what}: ${error.message}\n${error.pointer}`, {
      parameter: what, position: error.position, token: error.token, pointer: error.pointer,
    });
  }
}
