/** The Cairn client: low-level route calls plus one method per route, grouped by concept. */
import { api } from '@cairn/api';
import { Transport } from './transport.js';
import { ComputeApi, ExecutionApi } from './execution.js';
import { EnvironmentsApi } from './environments.js';
import { ExperimentsApi } from './experiments.js';
import { SecretsApi } from './secrets.js';
import { FilesApi } from './files.js';
import { ModelsApi } from './models.js';
import { EndpointsApi } from './endpoints.js';
import { DatastoresApi } from './datastores.js';
import { DatasetsApi } from './datasets.js';
import { MetricsApi } from './metrics.js';
import { RunsApi } from './runs.js';
import { BlobsApi, SnapshotsApi } from './snapshots.js';
import type { OutputOf } from './types.js';
import { SessionsApi } from './sessions.js';
import { TokensApi } from './tokens.js';
import { WorkspacesApi } from './workspaces.js';

/** The concept methods of one workspace. */
export class WorkspaceClient {
  readonly runs: RunsApi;
  readonly metrics: MetricsApi;
  readonly files: FilesApi;
  readonly models: ModelsApi;
  readonly endpoints: EndpointsApi;
  readonly datastores: DatastoresApi;
  readonly datasets: DatasetsApi;
  readonly experiments: ExperimentsApi;
  readonly environments: EnvironmentsApi;
  readonly secrets: SecretsApi;
  readonly blobs: BlobsApi;
  readonly snapshots: SnapshotsApi;
  readonly execution: ExecutionApi;
  readonly compute: ComputeApi;

  constructor(
    transport: Transport,
    /** The workspace name every method works in. */
    readonly name: string,
  ) {
    this.runs = new RunsApi(transport, name);
    this.metrics = new MetricsApi(transport, name);
    this.files = new FilesApi(transport, name);
    this.models = new ModelsApi(transport, name);
    this.endpoints = new EndpointsApi(transport, name);
    this.datastores = new DatastoresApi(transport, name);
    this.datasets = new DatasetsApi(transport, name);
    this.experiments = new ExperimentsApi(transport, name);
    this.environments = new EnvironmentsApi(transport, name);
    this.secrets = new SecretsApi(transport, name);
    this.blobs = new BlobsApi(transport, name);
    this.snapshots = new SnapshotsApi(transport, name);
    this.execution = new ExecutionApi(transport, name);
    this.compute = new ComputeApi(transport, name);
  }
}

/** A client of one Cairn server, acting with one token. */
export class CairnClient extends Transport {
  /** Listing, creating, showing and deleting workspaces. */
  readonly workspaces = new WorkspacesApi(this);
  /** Creating, listing and revoking tokens. */
  readonly tokens = new TokensApi(this);
  /** Studio sign-in: sessions and one-time links. */
  readonly sessions = new SessionsApi(this);

  /** The methods of one workspace: `client.workspace('default').runs.list()`. */
  workspace(name: string): WorkspaceClient {
    return new WorkspaceClient(this, name);
  }

  /** Who this client's token belongs to, and its roles. */
  whoami(): Promise<OutputOf<typeof api.tokens.whoami>> {
    return this.call(api.tokens.whoami);
  }

  /** The server's API as an OpenAPI 3.1 document. */
  openapi(): Promise<OutputOf<typeof api.meta.openapi>> {
    return this.call(api.meta.openapi);
  }
}
