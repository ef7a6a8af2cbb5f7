/**
 * Checks that the compute target and environment a run configuration names exist, before the
 * snapshot is hashed or uploaded: a typo costs one round trip, not a 300 MB upload.
 */
import type { RunConfig } from '@cairn/api';
import type { WorkspaceClient } from '@cairn/sdk';

/** Throws the server's COMPUTE_TARGET_NOT_FOUND or ENVIRONMENT_NOT_FOUND when a reference is unknown. */
export async function checkReferences(workspace: WorkspaceClient, config: RunConfig): Promise<void> {
  await Promise.all([workspace.compute.get(config.compute), checkEnvironment(workspace, config.environment)]);
}

async function checkEnvironment(workspace: WorkspaceClient, ref: string): Promise<void> {
  if (ref === 'system') return;
  const at = ref.lastIndexOf(':');
  const version = at > 0 ? Number(ref.slice(at + 1)) : NaN;
  // `NAME:V` names one version; a bare NAME means its latest, so it is enough that NAME has versions.
  if (Number.isInteger(version) && version > 0) await workspace.environments.get(ref.slice(0, at), version);
  else await workspace.environments.versions(ref);
}
