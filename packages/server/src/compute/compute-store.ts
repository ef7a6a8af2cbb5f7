/** Stored compute targets (Slurm today); the built-in `local` target is never stored. */

/** One stored target; `settings` is its type's settings object. */
export interface StoredComputeTarget {
  name: string;
  type: string;
  settings: Record<string, unknown>;
  createdAt: number;
  createdBy: string;
}

export interface ComputeStore {
  list(): Promise<StoredComputeTarget[]>;
  /** Inserts a target; answers false when the name is taken. */
  insert(target: StoredComputeTarget): Promise<boolean>;
  /** Replaces a target's settings; answers whether it existed. */
  updateSettings(name: string, settings: Record<string, unknown>): Promise<boolean>;
  /** Deletes a target; answers whether it existed. */
  delete(name: string): Promise<boolean>;
}
