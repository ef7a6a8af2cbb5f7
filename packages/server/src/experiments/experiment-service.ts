import { NotFoundError, type Experiment } from '@cairn/api';
import type { WorkspaceRef } from '../http/implement.js';
import type { ExperimentRecord, ExperimentStore } from './experiment-store.js';

const toApi = (e: ExperimentRecord): Experiment => ({ name: e.name, createdAt: e.createdAt, runCount: e.runCount, lastRunAt: e.lastRunAt });

/** Experiments of a workspace: get-or-create, show, list with run counts. */
export class ExperimentService {
  constructor(
    private readonly store: ExperimentStore,
    private readonly now: () => number = Date.now,
  ) {}

  /** The experiment with that name, or EXPERIMENT_NOT_FOUND. */
  async resolve(workspace: WorkspaceRef, name: string): Promise<ExperimentRecord> {
    const experiment = await this.store.findByName(workspace.id, name);
    if (!experiment) {
      throw new NotFoundError('EXPERIMENT_NOT_FOUND', `no experiment named ${name} in workspace ${workspace.name}; list them with \`cairn experiment list\``);
    }
    return experiment;
  }

  async get(workspace: WorkspaceRef, name: string): Promise<Experiment> {
    return toApi(await this.resolve(workspace, name));
  }

  /** Gets the experiment, creating it on first use of the name. */
  async ensure(workspace: WorkspaceRef, name: string): Promise<Experiment> {
    return toApi(await this.store.ensure(workspace.id, name, this.now()));
  }

  async list(workspace: WorkspaceRef): Promise<Experiment[]> {
    return (await this.store.list(workspace.id)).map(toApi);
  }
}
