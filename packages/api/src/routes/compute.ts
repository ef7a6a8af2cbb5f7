/** Compute targets: where runs execute. `local` always exists; Slurm targets are created and deleted. */
import { z } from 'zod';
import { WorkspaceParams } from '../common.js';
import { defineRoute } from '../route.js';
import { RunParams } from './runs.js';

export const ComputeTarget = z.object({
  name: z.string(),
  /** `local` today; `slurm` and `ssh` later. */
  type: z.string(),
  /** Runs it executes at once. */
  capacity: z.number().int(),
  /** Runs executing now. */
  active: z.number().int(),
  /** Runs waiting for room. */
  queued: z.number().int(),
  /** A Slurm or SSH target's stored settings. */
  settings: z.record(z.string(), z.unknown()).optional(),
  /** A Slurm target's nodes in its partition, as `sinfo` shows them now. */
  nodes: z.array(z.object({ name: z.string(), state: z.string(), cpus: z.number(), memoryMb: z.number(), gres: z.string() })).optional(),
  /** A Slurm target's Slurm jobs of Cairn runs (pending with Slurm's reason, or running). */
  jobs: z.array(z.object({ jobId: z.string(), runId: z.string(), state: z.string(), reason: z.string(), nodes: z.string() })).optional(),
  /** Why `nodes`/`jobs` are missing when the target's scheduler did not answer. */
  error: z.string().optional(),
});
export type ComputeTarget = z.infer<typeof ComputeTarget>;

const ComputeParams = WorkspaceParams.extend({ name: z.string().min(1).max(100) });

const slurmWord = z.string().min(1).max(200).regex(/^[\w.:=,+@/-]+$/, 'letters, digits and . : = , + @ / - only');

/** A Slurm target: the partition its jobs go to, how many nodes Cairn's runs hold at once, and sbatch options. */
export const SlurmTargetSettings = z.object({
  partition: slurmWord,
  maxNodes: z.number().int().min(1).max(100_000).default(1),
  account: slurmWord.nullish(),
  qos: slurmWord.nullish(),
  /** Slurm's time format: `30`, `1:00:00`, `2-00:00:00`. */
  timeLimit: z.string().regex(/^(\d+-)?\d+(:\d{1,2}){0,2}$/, 'Slurm time format: minutes, H:MM:SS or D-HH:MM:SS').nullish(),
  gres: slurmWord.nullish(),
  /** Node-local directory where the runner keeps its cache. */
  runnerCache: z.string().min(1).max(1000).regex(/^\//, 'an absolute path').nullish(),
});
export type SlurmTargetSettings = z.infer<typeof SlurmTargetSettings>;

/** What `cairn compute update` may change on a target; `null` clears an optional setting. The partition, host and type stay. */
export const UpdateComputeTarget = z.strictObject({
  maxNodes: z.number().int().min(1).max(100_000).optional(),
  account: slurmWord.nullish(),
  qos: slurmWord.nullish(),
  timeLimit: SlurmTargetSettings.shape.timeLimit,
  gres: slurmWord.nullish(),
  runnerCache: SlurmTargetSettings.shape.runnerCache,
  maxRuns: z.number().int().min(1).max(10_000).optional(),
});
export type UpdateComputeTarget = z.input<typeof UpdateComputeTarget>;

/** An attached machine over SSH: the private key is a vault secret of the workspace the target is created in. */
export const SshTargetSettings = z.object({
  host: z.string().min(1).max(255).regex(/^[\w.:-]+$/, 'a host name or address'),
  port: z.number().int().min(1).max(65_535).default(22),
  user: z.string().min(1).max(64).regex(/^[\w.-]+$/, 'a user name'),
  keySecret: z.string().min(1).max(127),
  /** Runs the machine executes at once. */
  maxRuns: z.number().int().min(1).max(10_000).default(1),
  runnerCache: SlurmTargetSettings.shape.runnerCache,
});
export type SshTargetSettings = z.infer<typeof SshTargetSettings>;

const TargetName = z.string().min(1).max(100).regex(/^[A-Za-z][\w-]*$/, 'a letter, then letters, digits, _ or -');

export const CreateComputeTarget = z.discriminatedUnion('type', [
  z.object({ name: TargetName, type: z.literal('slurm'), settings: SlurmTargetSettings }),
  z.object({ name: TargetName, type: z.literal('ssh'), settings: SshTargetSettings }),
]);
export type CreateComputeTarget = z.input<typeof CreateComputeTarget>;

export const computeRoutes = {
  list: defineRoute({
    id: 'compute.list', method: 'GET', path: '/workspaces/{workspace}/compute',
    summary: 'List compute targets with their capacity and load', action: 'compute.read', params: WorkspaceParams,
    response: z.object({ items: z.array(ComputeTarget) }),
  }),
  get: defineRoute({
    id: 'compute.get', method: 'GET', path: '/workspaces/{workspace}/compute/{name}',
    summary: 'Show a compute target (a Slurm target with its nodes and jobs)', action: 'compute.read', params: ComputeParams, response: ComputeTarget,
  }),
  create: defineRoute({
    id: 'compute.create', method: 'POST', path: '/workspaces/{workspace}/compute',
    summary: 'Create a Slurm target (partition and account checked against the cluster) or an SSH target (host key pinned on first use)', action: 'compute.write',
    params: WorkspaceParams, body: CreateComputeTarget, response: ComputeTarget, status: 201,
  }),
  update: defineRoute({
    id: 'compute.update', method: 'PATCH', path: '/workspaces/{workspace}/compute/{name}',
    summary: "Change a stored target's settings (validated as at create: account against the cluster)", action: 'compute.write',
    params: ComputeParams, body: UpdateComputeTarget, response: ComputeTarget,
  }),
  runnerBundle: defineRoute({
    id: 'compute.runnerBundle', method: 'GET', path: '/workspaces/{workspace}/runs/{runId}/runner',
    summary: "Download the runner a compute node starts for a run (tar.gz: cairn-runner.mjs and its Python packages), of a version or the current one; the run's token reaches it",
    action: 'runs.read', params: RunParams, query: z.object({ version: z.string().regex(/^[0-9a-f]{16}$/, 'the 16 hex digits of a runner bundle version').optional() }), responseKind: 'bytes',
  }),
  delete: defineRoute({
    id: 'compute.delete', method: 'DELETE', path: '/workspaces/{workspace}/compute/{name}',
    summary: 'Delete a compute target (COMPUTE_TARGET_IN_USE while runs are active or queued on it)', action: 'compute.write',
    params: ComputeParams, responseKind: 'empty', status: 204,
  }),
};
