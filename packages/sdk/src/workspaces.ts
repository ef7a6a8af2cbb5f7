/** Workspaces: listing, creating, showing and deleting them. */
import { api, type Workspace } from '@cairn/api';
import type { Transport } from './transport.js';

/** Workspace methods. */
export class WorkspacesApi {
  constructor(private readonly transport: Transport) {}

  /** The workspaces the caller can see. */
  async list(): Promise<Workspace[]> {
    return (await this.transport.call(api.workspaces.list)).items;
  }

  /** Creates a workspace. */
  create(name: string, description?: string): Promise<Workspace> {
    return this.transport.call(api.workspaces.create, { body: { name, description } });
  }

  /** One workspace by name. */
  get(name: string): Promise<Workspace> {
    return this.transport.call(api.workspaces.get, { params: { workspace: name } });
  }

  /** Deletes a workspace; one that holds experiments needs `force`. */
  delete(name: string, options: { force?: boolean } = {}): Promise<void> {
    const query = options.force ? ({ force: 'true' } as const) : {};
    return this.transport.call(api.workspaces.delete, { params: { workspace: name }, query });
  }
}
