/** The compute targets of the server by name; `local` always exists. */
import { NotFoundError } from '@cairn/api';
import type { ComputeBackend, ComputeTargetEntry } from '../execution/compute-backend.js';

export class ComputeTargets {
  private readonly byName = new Map<string, ComputeBackend>();

  constructor(entries: readonly ComputeTargetEntry[]) {
    for (const entry of entries) this.byName.set(entry.name, entry.backend);
  }

  /** Every target, in the order given. */
  entries(): ComputeTargetEntry[] {
    return [...this.byName].map(([name, backend]) => ({ name, backend }));
  }

  /** The backend of a target; COMPUTE_TARGET_NOT_FOUND names the known ones. */
  require(name: string): ComputeBackend {
    const backend = this.byName.get(name);
    if (!backend) {
      throw new NotFoundError('COMPUTE_TARGET_NOT_FOUND', `no compute target named ${name}; known targets: ${[...this.byName.keys()].join(', ')}`, { name });
    }
    return backend;
  }

  /** Whether a target of that name exists. */
  has(name: string): boolean {
    return this.byName.has(name);
  }

  /** Adds a target created at run time (a stored Slurm target). */
  add(entry: ComputeTargetEntry): void {
    this.byName.set(entry.name, entry.backend);
  }

  /** Removes a target and releases its backend. */
  async remove(name: string): Promise<void> {
    const backend = this.byName.get(name);
    this.byName.delete(name);
    await backend?.close();
  }

  /** Releases every backend (runners keep running). */
  async close(): Promise<void> {
    await Promise.all([...this.byName.values()].map((b) => b.close()));
  }
}
