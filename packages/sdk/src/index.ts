/** The Cairn TypeScript client: `new CairnClient({ url, token })`, its concept methods, and the CLI config file. */
export { CairnClient, WorkspaceClient } from './cairn-client.js';
export { Transport, type TransportOptions, type DownloadStream, type InputArgs } from './transport.js';
export { CairnClientError, type ClientErrorCode } from './errors.js';
export { RunsApi } from './runs.js';
export { MetricsApi, type MetricPointInput } from './metrics.js';
export { FilesApi, type FileUploadOptions } from './files.js';
export { ModelsApi, type ModelListOptions, type ModelUpdate } from './models.js';
export { EndpointsApi } from './endpoints.js';
export { ExperimentsApi } from './experiments.js';
export { EnvironmentsApi } from './environments.js';
export { SecretsApi } from './secrets.js';
export { DatastoresApi } from './datastores.js';
export { DatasetsApi } from './datasets.js';
export { BlobsApi, SnapshotsApi } from './snapshots.js';
export { ComputeApi, ExecutionApi, parseSse, type FollowEvent } from './execution.js';
export { WorkspacesApi } from './workspaces.js';
export { TokensApi } from './tokens.js';
export { SessionsApi } from './sessions.js';
export type { UploadOptions } from './upload.js';
export type { BodyOf, QueryOf, OutputOf } from './types.js';
export { facadeRoutes, type RouteId } from './route-table.js';
export { routeUrl, API_PREFIX } from './url.js';
export {
  CliConfigError, cliConfigPath, loadCliConfig, parseCliConfig, readCliConfigFile, saveCliConfig,
  type CliConfig, type CliConfigOptions, type LoadedCliConfig,
} from './config.js';
// Re-exported so SDK users can catch server errors without depending on @cairn/api themselves.
export { CairnError, type ErrorCode } from '@cairn/api';
