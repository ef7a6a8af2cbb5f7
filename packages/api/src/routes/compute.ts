/** Compute targets: where runs execute. `local` always exists; later issues add Slurm and SSH targets. */
import { z } from 'zod';
import { WorkspaceParams } from '../common.js';
import { defineRoute } from '../route.js';

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
});
export type ComputeTarget = z.infer<typeof ComputeTarget>;

const ComputeParams = WorkspaceParams.extend({ name: z.string().min(1).max(100) });

export const computeRoutes = {
  list: defineRoute({
    id: 'compute.list', method: 'GET', path: '/workspaces/{workspace}/compute',
    summary: 'List compute targets with their capacity and load', action: 'compute.read', params: WorkspaceParams,
    response: z.object({ items: z.array(ComputeTarget) }),
  }),
  get: defineRoute({
    id: 'compute.get', method: 'GET', path: '/workspaces/{workspace}/compute/{name}',
    summary: 'Show a compute target', action: 'compute.read', params: ComputeParams, response: ComputeTarget,
  }),
};
