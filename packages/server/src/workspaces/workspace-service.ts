import { ConflictError, NotFoundError, type Workspace } from '@cairn/api';
import type { Principal } from '../auth/principal.js';
import type { WorkspaceRecord, WorkspaceStore } from './workspace-store.js';

/** The workspace that always exists. */
export const DEFAULT_WORKSPACE = 'default';

const toApi = (w: WorkspaceRecord): Workspace => ({ name: w.name, description: w.description, createdAt: w.createdAt });

export class WorkspaceService {
  constructor(
    private readonly store: WorkspaceStore,
    private readonly now: () => number = Date.now,
    /** Called after a workspace is deleted, so cached lookups (ADR 12) forget it and the roles it held. */
    private readonly onDeleted: () => void = () => {},
  ) {}

  /** Creates the default workspace if it does not exist yet. */
  async ensureDefault(): Promise<void> {
    await this.store.create(DEFAULT_WORKSPACE, 'The default workspace', this.now());
  }

  /** The workspace with that name, or WORKSPACE_NOT_FOUND. */
  async resolve(name: string): Promise<WorkspaceRecord> {
    const workspace = await this.store.findByName(name);
    if (!workspace) throw new NotFoundError('WORKSPACE_NOT_FOUND', `no workspace named ${name}; list them with \`cairn workspace list\``);
    return workspace;
  }

  async create(name: string, description: string): Promise<Workspace> {
    const created = await this.store.create(name, description, this.now());
    if (!created) throw new ConflictError('WORKSPACE_EXISTS', `a workspace named ${name} already exists`);
    return toApi(created);
  }

  async get(name: string): Promise<Workspace> {
    return toApi(await this.resolve(name));
  }

  /** The workspaces the principal holds a role in (all of them for a role on every workspace). */
  async listVisible(principal: Principal): Promise<Workspace[]> {
    const all = await this.store.list();
    const everywhere = principal.assignments.some((a) => a.workspaceId === null);
    return all.filter((w) => everywhere || principal.assignments.some((a) => a.workspaceId === w.id)).map(toApi);
  }

  /** Deletes a workspace; one that still holds experiments needs `force`. */
  async delete(name: string, force: boolean): Promise<void> {
    const workspace = await this.resolve(name);
    const experiments = await this.store.countExperiments(workspace.id);
    if (experiments > 0 && !force) {
      throw new ConflictError('WORKSPACE_NOT_EMPTY', `workspace ${name} holds ${experiments} experiment(s); pass --force to delete it with everything in it`);
    }
    await this.store.delete(workspace.id);
    this.onDeleted();
  }
}
