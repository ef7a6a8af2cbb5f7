import { NotFoundError, SYSTEM_ENVIRONMENT, type EnvironmentSpec } from '@cairn/api';
import type { EnvironmentStore, EnvironmentVersionRecord } from './environment-store.js';

/** `NAME` or `NAME:V`, split; V is null for "the latest". */
export function parseEnvironmentRef(ref: string): { name: string; version: number | null } {
  const match = /^(.+?)(?::(\d+|latest))?$/.exec(ref.trim());
  const name = match?.[1] ?? ref;
  const v = match?.[2];
  return { name, version: v === undefined || v === 'latest' ? null : Number(v) };
}

/** The spec a runner receives for a stored version. */
export function specOf(record: EnvironmentVersionRecord): EnvironmentSpec {
  return { ...record.definition, name: record.name, version: record.version, hash: record.hash };
}

/** Environments of a workspace: versions by content, resolution of `NAME[:V]`, build records. */
export class EnvironmentService {
  constructor(
    protected readonly store: EnvironmentStore,
    protected readonly now: () => number = Date.now,
  ) {}

  /**
   * The spec a run's `environment` reference names: null for `system` (the node's Python as is),
   * the latest version for `NAME`, that version for `NAME:V`; ENVIRONMENT_NOT_FOUND otherwise.
   */
  async resolve(workspaceId: number, ref: string): Promise<EnvironmentSpec | null> {
    const { name, version } = parseEnvironmentRef(ref);
    if (name === SYSTEM_ENVIRONMENT && version === null) return null;
    return specOf(await this.find(workspaceId, name, version));
  }

  /** The stored version, or ENVIRONMENT_NOT_FOUND saying how to see the available ones. */
  protected async find(workspaceId: number, name: string, version: number | null): Promise<EnvironmentVersionRecord> {
    const record = await this.store.findVersion(workspaceId, name, version);
    if (record) return record;
    const what = version === null ? `no environment named ${name}` : `no version ${version} of environment ${name}`;
    throw new NotFoundError('ENVIRONMENT_NOT_FOUND', `${what}; list them with \`cairn environment list\` (and \`cairn environment show ${name}\` for its versions), or use \`system\` for the node's Python`, { name, version });
  }
}
