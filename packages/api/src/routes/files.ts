import { z } from 'zod';
import { Time } from '../common.js';
import { defineRoute } from '../route.js';
import { RunParams } from './runs.js';

export const RunFile = z.object({ path: z.string(), size: z.number().int(), sha256: z.string(), contentType: z.string(), createdAt: Time });
export type RunFile = z.infer<typeof RunFile>;

const FileParams = RunParams.extend({ path: z.string().min(1).max(5000) });

export const fileRoutes = {
  upload: defineRoute({
    id: 'files.upload', method: 'PUT', path: '/workspaces/{workspace}/runs/{runId}/files/{path+}',
    summary: 'Upload a run file (streamed, any size); paths are write-once unless overwrite=true',
    action: 'runs.write', params: FileParams, bodyKind: 'stream',
    query: z.object({ overwrite: z.enum(['true', 'false']).optional() }),
    response: RunFile, status: 201,
  }),
  list: defineRoute({
    id: 'files.list', method: 'GET', path: '/workspaces/{workspace}/runs/{runId}/files', summary: "List a run's files",
    action: 'runs.read', params: RunParams, query: z.object({ prefix: z.string().max(5000).optional() }),
    response: z.object({ items: z.array(RunFile) }),
  }),
  download: defineRoute({
    id: 'files.download', method: 'GET', path: '/workspaces/{workspace}/runs/{runId}/files/{path+}', summary: 'Download one run file',
    action: 'runs.read', params: FileParams, responseKind: 'bytes',
  }),
  archive: defineRoute({
    id: 'files.archive', method: 'GET', path: '/workspaces/{workspace}/runs/{runId}/archive',
    summary: 'Download the run files under a prefix as a zip', action: 'runs.read', params: RunParams,
    query: z.object({ prefix: z.string().max(5000).optional() }), responseKind: 'bytes',
  }),
};
