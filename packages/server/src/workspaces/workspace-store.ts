/** Workspaces: the top-level scope for everything else. */
export interface WorkspaceRecord {
  id: number;
  name: string;
  description: string;
  createdAt: number;
}

export interface WorkspaceStore {
  /** Inserts a workspace; returns null when the name is taken. */
  create(name: string, description: string, createdAt: number): Promise<WorkspaceRecord | null>;
  findByName(name: string): Promise<WorkspaceRecord | null>;
  list(): Promise<WorkspaceRecord[]>;
  countExperiments(id: number): Promise<number>;
  /** Deletes the workspace and, by cascade, everything in it. */
  delete(id: number): Promise<void>;
}
