import type { z } from 'zod';
import { ConflictError, InputError, NotFoundError, isTerminal, type CreateChildren, type CreateRun, type Run, type UpdateRun } from '@cairn/api';
import type { Principal } from '../auth/principal.js';
import type { WorkspaceRef } from '../http/implement.js';
import { checkEntries, runLimits, tooMany } from './run-limits.js';
import { childRunId, defaultDisplayName, submittedRunId } from './run-names.js';
import { statusMove } from './run-status-moves.js';
import type { NewChild, NewRun, RunChanges, RunRecord, RunStore, StringMap } from './run-store.js';
import { toApiRun } from './run-to-api.js';

/**
 * How a run is canceled. Runs with nothing to stop end Canceled at once; a compute backend will
 * stop a submitted run's job first and answer CancelRequested, its runner later reporting Canceled.
 */
export interface RunCanceller {
  cancel(run: RunRecord): Promise<'Canceled' | 'CancelRequested'>;
}

/** Cancels every run at once: nothing runs on compute yet. */
export const cancelAtOnce: RunCanceller = { cancel: async () => 'Canceled' };

// Status moves compare-and-set on the status read; another writer winning the race means a re-read.
const MAX_ATTEMPTS = 10;

/** The rules of runs: creation, status moves, cancel, tags, properties and children. */
export class RunService {
  constructor(
    private readonly store: RunStore,
    private readonly now: () => number = Date.now,
    private readonly canceller: RunCanceller = cancelAtOnce,
  ) {}

  /** The run with that id in the workspace, or RUN_NOT_FOUND. */
  async require(workspace: WorkspaceRef, runId: string): Promise<RunRecord> {
    const run = await this.store.get(workspace.id, runId);
    if (!run) throw new NotFoundError('RUN_NOT_FOUND', `no run with id ${runId} in workspace ${workspace.name}`);
    return run;
  }

  async get(workspace: WorkspaceRef, runId: string): Promise<Run> {
    return this.toApi(workspace, await this.require(workspace, runId));
  }

  /** Creates a run, and its experiment on first use; children join their parent's experiment. */
  async create(workspace: WorkspaceRef, principal: Principal, body: z.output<typeof CreateRun>): Promise<Run> {
    checkEntries('tag', body.tags);
    checkEntries('property', body.properties);
    const parent = body.parentRunId === undefined ? null : await this.parentOf(workspace, body.parentRunId, body.experiment);
    for (let attempt = 1; ; attempt++) {
      const run = this.newRun(workspace, principal, body, parent);
      const created = await this.store.create(run);
      if (created) return this.toApi(workspace, created);
      // A generated id that collides is retried; one the client chose is theirs to change.
      if (body.id !== undefined || attempt === 3) {
        throw new ConflictError('RUN_EXISTS', `a run with id ${run.id} already exists in workspace ${workspace.name}; choose another id or omit it`, { runId: run.id });
      }
    }
  }

  private newRun(workspace: WorkspaceRef, principal: Principal, body: z.output<typeof CreateRun>, parent: RunRecord | null): NewRun {
    const now = this.now();
    const id = body.id ?? (parent ? childRunId() : submittedRunId(body.experiment, now));
    return {
      id, workspaceId: workspace.id, experiment: body.experiment, displayName: body.displayName ?? defaultDisplayName(id),
      description: body.description, type: body.type, status: body.status, parentRunId: parent?.id ?? null,
      rootRunId: parent?.rootRunId ?? null, computeTarget: body.computeTarget, createdBy: principal.user, createdAt: now,
      startedAt: body.status === 'Running' ? now : null, tags: body.tags, properties: body.properties,
    };
  }

  private async parentOf(workspace: WorkspaceRef, parentRunId: string, experiment: string): Promise<RunRecord> {
    const parent = await this.store.get(workspace.id, parentRunId);
    if (!parent) throw new NotFoundError('RUN_NOT_FOUND', `no parent run with id ${parentRunId} in workspace ${workspace.name}`);
    if (parent.experiment !== experiment) {
      throw new InputError('INVALID_INPUT', `a child run belongs to its parent's experiment: parent ${parentRunId} is in ${parent.experiment}, not ${experiment}`);
    }
    return parent;
  }

  /**
   * Changes display name, description and status. Moving to the current status changes nothing
   * (a retried `complete()` succeeds; the first error of a failed run is kept).
   */
  async update(workspace: WorkspaceRef, runId: string, body: z.output<typeof UpdateRun>): Promise<Run> {
    if (body.error !== undefined && body.status !== 'Failed') {
      throw new InputError('INVALID_INPUT', 'an error is recorded only with status Failed: send "status": "Failed" with it');
    }
    return this.changeRun(workspace, runId, (run) => {
      const changes: RunChanges = { displayName: body.displayName, description: body.description };
      if (body.status === undefined || body.status === run.status) return { ...changes, statusReason: body.statusReason };
      return { ...changes, ...statusMove(run, body.status, this.now(), { statusReason: body.statusReason, error: body.error }) };
    });
  }

  /** Cancels a run that has not ended (RUN_ENDED otherwise); a run already CancelRequested is answered as it is. */
  async cancel(workspace: WorkspaceRef, runId: string): Promise<Run> {
    return this.changeRun(workspace, runId, async (run) => {
      if (isTerminal(run.status)) {
        throw new ConflictError('RUN_ENDED', `run ${runId} has already ended (${run.status}); only a run that has not ended can be canceled`, { runId, status: run.status });
      }
      if (run.status === 'CancelRequested') return {};
      return statusMove(run, await this.canceller.cancel(run), this.now(), { statusReason: 'canceled by request' });
    });
  }

  /** Reads the run, decides its changes, and writes them if its status has not moved meanwhile. */
  private async changeRun(workspace: WorkspaceRef, runId: string, decide: (run: RunRecord) => RunChanges | Promise<RunChanges>): Promise<Run> {
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      const run = await this.require(workspace, runId);
      const changes = withoutUndefined(await decide(run));
      if (Object.keys(changes).length === 0) return this.toApi(workspace, run);
      const updated = await this.store.update(workspace.id, runId, run.status, changes);
      if (updated) return this.toApi(workspace, updated);
    }
    throw new Error(`run ${runId} changed status ${MAX_ATTEMPTS} times while being updated`);
  }

  /** Merges and removes tags; answers with all of the run's tags. */
  async setTags(workspace: WorkspaceRef, runId: string, set: StringMap, remove: readonly string[]): Promise<{ tags: StringMap }> {
    checkEntries('tag', set);
    const run = await this.require(workspace, runId);
    const result = await this.store.setTags(run.id, set, remove, runLimits.entries);
    if (!result.ok) throw tooMany('tag', result.count, run.id);
    return { tags: result.tags };
  }

  /** Adds write-once properties: the same value again is a no-op, another value PROPERTY_IMMUTABLE. */
  async addProperties(workspace: WorkspaceRef, runId: string, properties: StringMap): Promise<{ properties: StringMap }> {
    checkEntries('property', properties);
    const run = await this.require(workspace, runId);
    const result = await this.store.addProperties(run.id, properties, runLimits.entries);
    if (result.ok) return { properties: result.properties };
    if ('count' in result) throw tooMany('property', result.count, run.id);
    const { key, existing, proposed } = result.conflict;
    throw new ConflictError('PROPERTY_IMMUTABLE',
      `property ${JSON.stringify(key)} of run ${runId} is already ${JSON.stringify(existing)}; properties are write-once, so it cannot become ${JSON.stringify(proposed)}`,
      { runId, key, existing, proposed });
  }

  /** Creates up to 100 running children in one transaction: `count` numbered ones, or one per tag value. */
  async createChildren(workspace: WorkspaceRef, principal: Principal, runId: string, body: z.output<typeof CreateChildren>): Promise<Run[]> {
    const tagSets = 'count' in body
      ? Array.from({ length: body.count }, (_, index) => ({ 'azureml.batch_child_number': String(index) }))
      : body.tagValues.map((value) => ({ [body.tagKey]: value }));
    tagSets.forEach((tags) => checkEntries('tag', tags));
    const parent = await this.require(workspace, runId);
    const now = this.now();
    const children = tagSets.map((tags): NewChild => {
      const id = childRunId();
      return { id, displayName: defaultDisplayName(id), type: parent.type, status: 'Running', startedAt: now, tags };
    });
    const created = await this.store.createChildren(parent, children, now, principal.user);
    return created.map((child) => this.toApi(workspace, child));
  }

  /** Direct children, or all descendants, in creation order. */
  async listChildren(workspace: WorkspaceRef, runId: string, recursive: boolean): Promise<Run[]> {
    const run = await this.require(workspace, runId);
    return (await this.store.listChildren(workspace.id, run.id, recursive)).map((child) => this.toApi(workspace, child));
  }

  /** The API view of a run, its duration measured to now. */
  toApi(workspace: WorkspaceRef, run: RunRecord): Run {
    return toApiRun(run, workspace.name, this.now());
  }
}

function withoutUndefined(changes: RunChanges): RunChanges {
  return Object.fromEntries(Object.entries(changes).filter(([, value]) => value !== undefined));
}
