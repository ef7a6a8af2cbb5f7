/**
 * Turns a deployment's settings into a running scorer: lays the model versions out under a
 * per-deployment folder (v1's `azureml-models/<name>/<version>/` tree), points `AZUREML_MODEL_DIR`
 * at the version folder for one model or at the parent for several, and starts Python replicas —
 * or, for a single ONNX model with no entry script, an in-process ONNX session.
 */
import { readdir } from 'node:fs/promises';
import { join, relative, resolve, sep } from 'node:path';
import { InputError } from '@cairn/api';
import { OnnxScorer, ReplicaPool, type PoolSettings, type ReplicaLauncher, type Scorer } from '@cairn/serving';
import type { WorkspaceRef } from '../http/implement.js';
import type { ModelService } from '../models/model-service.js';

/** What a deployment runs. */
export interface DeploymentPlan {
  name: string;
  /** `N`, `N:V` or `N@alias`, one or more. */
  models: string[];
  /** Path of the entry script inside `sourceDir`; null for no-code ONNX. */
  entryScript: string | null;
  /** The materialised source directory (snapshot). */
  sourceDir: string;
  /** The environment's interpreter and variables. */
  python: string;
  env: Record<string, string>;
  settings: PoolSettings;
}

/** Where and how deployments start. */
export interface RuntimeDeps {
  models: ModelService;
  launcher: ReplicaLauncher;
  log: (replica: string, line: string) => void;
}

/** Lays out the models of `plan` under `dir` and builds its scorer (not started). */
export async function buildScorer(deps: RuntimeDeps, workspace: WorkspaceRef, plan: DeploymentPlan, dir: string): Promise<Scorer> {
  const modelsDir = join(dir, 'azureml-models');
  const laidOut = [];
  for (const ref of plan.models) laidOut.push(await deps.models.materialize(workspace, ref, modelsDir));
  if (plan.entryScript === null) {
    const only = laidOut.length === 1 ? laidOut[0]! : undefined;
    if (only?.model.framework !== 'Onnx') {
      throw new InputError('INVALID_INPUT', 'only a single model with framework Onnx deploys without an entry script: pass --entry-script score.py');
    }
    return new OnnxScorer(await findOnnx(only.versionDir));
  }
  const entryScript = inside(plan.sourceDir, plan.entryScript);
  const modelDir = laidOut.length === 1 ? laidOut[0]!.versionDir : modelsDir;
  const spec = { python: plan.python, entryScript, sourceDir: plan.sourceDir, modelDir, env: plan.env };
  return new ReplicaPool(plan.name, spec, plan.settings, deps.launcher, deps.log);
}

/** `path` resolved inside `root`, or an error for a path that leaves it. */
function inside(root: string, path: string): string {
  const full = resolve(root, path);
  if (relative(root, full).startsWith('..') || !full.startsWith(resolve(root) + sep)) {
    throw new InputError('INVALID_INPUT', `the entry script ${path} is outside the source directory`);
  }
  return full;
}

async function findOnnx(dir: string): Promise<string> {
  const files = (await readdir(dir, { recursive: true })).filter((f) => f.endsWith('.onnx')).sort();
  if (files.length === 0) throw new InputError('INVALID_INPUT', 'the Onnx model holds no .onnx file');
  return join(dir, files[0]!);
}
