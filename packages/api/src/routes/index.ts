import type { RouteDef } from '../route.js';
import { computeRoutes } from './compute.js';
import { environmentRoutes } from './environments.js';
import { executionRoutes } from './execution.js';
import { experimentRoutes } from './experiments.js';
import { fileRoutes } from './files.js';
import { metricRoutes } from './metrics.js';
import { modelRoutes } from './models.js';
import { endpointRoutes } from './endpoints.js';
import { datastoreRoutes } from './datastores.js';
import { datasetRoutes } from './datasets.js';
import { runRoutes } from './runs.js';
import { secretRoutes } from './secrets.js';
import { sessionRoutes } from './sessions.js';
import { blobRoutes, snapshotRoutes } from './snapshots.js';
import { tokenRoutes } from './tokens.js';
import { workspaceRoutes } from './workspaces.js';
import { metaRoutes } from './meta.js';

/** Every route of the API, grouped by concept. */
export const api = {
  meta: metaRoutes,
  workspaces: workspaceRoutes,
  experiments: experimentRoutes,
  runs: runRoutes,
  metrics: metricRoutes,
  files: fileRoutes,
  secrets: secretRoutes,
  tokens: tokenRoutes,
  sessions: sessionRoutes,
  blobs: blobRoutes,
  snapshots: snapshotRoutes,
  models: modelRoutes,
  endpoints: endpointRoutes,
  datastores: datastoreRoutes,
  datasets: datasetRoutes,
  environments: environmentRoutes,
  execution: executionRoutes,
  compute: computeRoutes,
};

/** Every route as a flat list. */
export const allRoutes: RouteDef[] = Object.values(api).flatMap((group) => Object.values(group) as RouteDef[]);
