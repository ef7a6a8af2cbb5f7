/**
 * Checks a deployment before anything starts, so bad input is a clear 4xx at once rather than a
 * Failed deployment later: scale settings that contradict, models that do not resolve, an entry script
 * missing from its snapshot, an environment that does not exist.
 */
import { DeploymentInput, InputError, type DeploymentSettings } from '@cairn/api';
import type { z } from 'zod';
import type { EnvironmentService } from '../environments/environment-service.js';
import type { WorkspaceRef } from '../http/implement.js';
import type { ModelService } from '../models/model-service.js';
import type { SnapshotService } from '../snapshots/snapshot-service.js';
import type { DeploymentSpec, ServedModel } from './endpoint-store.js';

/** What the checks read. */
export interface CheckDeps {
  models: ModelService;
  snapshots: SnapshotService;
  environments: EnvironmentService;
}

/** A deployment body after schema defaults. */
export type DeploymentRequest = z.output<typeof DeploymentInput>;

/** Refuses min above max, as v1's deploy configuration does. */
export function checkSettings(settings: DeploymentSettings): void {
  if (settings.minReplicas > settings.maxReplicas) {
    throw new InputError('INVALID_SCALE_SETTINGS', `--min-replicas ${settings.minReplicas} is above --max-replicas ${settings.maxReplicas}: min must be at most max`, { minReplicas: settings.minReplicas, maxReplicas: settings.maxReplicas });
  }
}

/** The model versions `refs` name now (MODEL_NOT_FOUND for one that does not resolve). */
export async function resolveModels(models: ModelService, workspace: WorkspaceRef, refs: readonly string[]): Promise<ServedModel[]> {
  const served: ServedModel[] = [];
  for (const ref of refs) {
    const record = await models.resolve(workspace, ref);
    served.push({ ref, name: record.name, version: record.version });
  }
  return served;
}

async function checkEntryScript({ snapshots, models }: CheckDeps, workspace: WorkspaceRef, input: DeploymentRequest): Promise<void> {
  if (input.entryScript === undefined) {
    if (input.snapshotId !== undefined) throw new InputError('INVALID_INPUT', 'a source directory needs an entry script: pass --entry-script score.py');
    const only = input.models.length === 1 ? await models.resolve(workspace, input.models[0]!) : null;
    if (only?.framework !== 'Onnx') throw new InputError('INVALID_INPUT', 'only a single model with framework Onnx deploys without an entry script: pass --entry-script score.py and --source-dir');
    return;
  }
  if (input.snapshotId === undefined) throw new InputError('INVALID_INPUT', `the entry script ${input.entryScript} needs its source directory: pass --source-dir (uploaded as a snapshot)`);
  const snapshot = await snapshots.get(workspace, input.snapshotId);
  const wanted = input.entryScript.replace(/^\.\//, '');
  if (!snapshot.files.some((f) => f.path === wanted)) {
    const scripts = snapshot.files.filter((f) => f.path.endsWith('.py')).slice(0, 10).map((f) => f.path);
    throw new InputError('ENTRY_SCRIPT_NOT_FOUND', `the entry script ${input.entryScript} is not in the source directory (snapshot ${input.snapshotId.slice(0, 12)}…); Python files there: ${scripts.join(', ') || 'none'}`, { entryScript: input.entryScript });
  }
}

/** Checks a deployment and returns what to store: its spec and the versions it will serve. */
export async function checkDeployment(deps: CheckDeps, workspace: WorkspaceRef, input: DeploymentRequest): Promise<{ spec: DeploymentSpec; models: ServedModel[] }> {
  checkSettings(input.settings);
  const models = await resolveModels(deps.models, workspace, input.models);
  await checkEntryScript(deps, workspace, input);
  await deps.environments.resolve(workspace.id, input.environment);
  const spec: DeploymentSpec = {
    models: input.models, entryScript: input.entryScript?.replace(/^\.\//, '') ?? null, snapshotId: input.snapshotId ?? null, environment: input.environment,
    settings: input.settings, sampleInput: input.sampleInput ?? null, collectModelData: input.collectModelData,
  };
  return { spec, models };
}
