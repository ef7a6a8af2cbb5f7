/** Experiments: named groups of runs in a workspace, created on first use of a name. */
export interface ExperimentRecord {
  id: number;
  workspaceId: number;
  name: string;
  createdAt: number;
  /** Every run of the experiment, child runs included (they share its run numbers). */
  runCount: number;
  /** When the newest run was created; null before the first run. */
  lastRunAt: number | null;
}

export interface ExperimentStore {
  /** The experiment with that name, created (with no runs) when it does not exist yet. */
  ensure(workspaceId: number, name: string, createdAt: number): Promise<ExperimentRecord>;
  findByName(workspaceId: number, name: string): Promise<ExperimentRecord | null>;
  /** Every experiment of the workspace in code-unit order of names, with run counts, in one query. */
  list(workspaceId: number): Promise<ExperimentRecord[]>;
}
