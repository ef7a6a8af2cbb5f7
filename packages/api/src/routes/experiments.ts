import { z } from 'zod';
import { Time, WorkspaceParams } from '../common.js';
import { nameSchema } from '../names.js';
import { defineRoute } from '../route.js';

export const Experiment = z.object({
  name: z.string(),
  createdAt: Time,
  runCount: z.number().int(),
  lastRunAt: Time.nullable(),
});
export type Experiment = z.infer<typeof Experiment>;

const ExperimentParams = WorkspaceParams.extend({ experiment: nameSchema('experiment') });

export const experimentRoutes = {
  list: defineRoute({
    id: 'experiments.list', method: 'GET', path: '/workspaces/{workspace}/experiments', summary: 'List experiments with their run counts',
    action: 'experiments.read', params: WorkspaceParams, response: z.object({ items: z.array(Experiment) }),
  }),
  get: defineRoute({
    id: 'experiments.get', method: 'GET', path: '/workspaces/{workspace}/experiments/{experiment}', summary: 'Show an experiment',
    action: 'experiments.read', params: ExperimentParams, response: Experiment,
  }),
  ensure: defineRoute({
    id: 'experiments.ensure', method: 'PUT', path: '/workspaces/{workspace}/experiments/{experiment}', summary: 'Get or create an experiment',
    action: 'experiments.write', params: ExperimentParams, response: Experiment,
  }),
};
