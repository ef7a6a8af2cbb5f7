/** What a submission must pass before any run is created. */
import { InputError, NotFoundError, type RunConfig } from '@cairn/api';
import type { WorkspaceRef } from '../http/implement.js';
import type { ComputeTargets } from '../compute/compute-targets.js';

/** Resolves `NAME[:VERSION]` (or `system` → null) to the spec the runner prepares; ENVIRONMENT_NOT_FOUND otherwise. */
export interface EnvironmentResolver {
  resolve(workspaceId: number, ref: string): Promise<unknown>;
}

/** Reads a snapshot manifest; SNAPSHOT_NOT_FOUND when absent. */
export interface SnapshotReader {
  get(workspace: WorkspaceRef, id: string): Promise<{ files: ReadonlyArray<{ path: string }> }>;
}

/** Lists the secret names of a workspace vault. */
export interface SecretNames {
  list(workspace: WorkspaceRef): Promise<ReadonlyArray<{ name: string }>>;
}

export interface SubmitDeps {
  targets: ComputeTargets;
  environments: EnvironmentResolver;
  snapshots: SnapshotReader;
  secrets: SecretNames;
}

/** Checks target, snapshot, script, secrets and environment; answers the resolved environment spec. */
export async function checkSubmission(deps: SubmitDeps, workspace: WorkspaceRef, config: RunConfig, snapshotId: string): Promise<unknown> {
  deps.targets.require(config.compute);
  checkScriptPath(config.script);
  const snapshot = await deps.snapshots.get(workspace, snapshotId);
  const script = normalize(config.script);
  if (!snapshot.files.some((f) => f.path === script)) {
    throw new InputError('SCRIPT_NOT_FOUND', `script ${config.script} is not in snapshot ${snapshotId} (${snapshot.files.length} files); give its path relative to the source directory`, { script: config.script, snapshotId });
  }
  await checkSecrets(deps.secrets, workspace, config.secrets);
  return deps.environments.resolve(workspace.id, config.environment);
}

function normalize(path: string): string {
  return path.replace(/\\/g, '/').replace(/^(\.\/)+/, '');
}

function checkScriptPath(script: string): void {
  const parts = normalize(script).split('/');
  if (script.startsWith('/') || parts.includes('..')) {
    throw new InputError('INVALID_INPUT', `script ${script} leaves the source directory; give a path inside it`, { script });
  }
}

async function checkSecrets(vault: SecretNames, workspace: WorkspaceRef, wanted: readonly string[]): Promise<void> {
  if (wanted.length === 0) return;
  const names = new Set((await vault.list(workspace)).map((s) => s.name));
  const missing = wanted.filter((name) => !names.has(name));
  if (missing.length > 0) {
    throw new NotFoundError('SECRET_NOT_FOUND', `the run configuration grants secrets the vault of workspace ${workspace.name} does not hold: ${missing.join(', ')}; set them with \`cairn secret set\``, { missing });
  }
}
