/**
 * Builds the Cairn HTTP app from its dependencies. Nothing here listens or reads the environment:
 * `main.ts` wires real dependencies, tests build the app in-process.
 */
import type { Writable } from 'node:stream';
import Fastify, { LogController, type FastifyInstance } from 'fastify';
import { allRoutes, api, buildOpenApi } from '@cairn/api';
import { LookupCache } from './auth/lookup-cache.js';
import { registerAuthRoutes } from './auth/routes.js';
import { SessionService } from './auth/session-service.js';
import { registerSessionRoutes } from './auth/session-routes.js';
import { SqlSessionStore } from './auth/sql-session-store.js';
import { SqlAuthStore } from './auth/sql-auth-store.js';
import { TokenService } from './auth/token-service.js';
import type { BlobStore } from './blobs/blob-store.js';
import { ContentStore } from './blobs/content-store.js';
import type { ServerConfig } from './config/config.js';
import type { MetadataDb } from './db/database.js';
import { ExperimentService } from './experiments/experiment-service.js';
import { registerExperimentRoutes } from './experiments/routes.js';
import { SqlExperimentStore } from './experiments/sql-experiment-store.js';
import { FileService } from './files/file-service.js';
import { registerFileRoutes } from './files/routes.js';
import { SqlRunFileStore } from './files/sql-run-file-store.js';
import { EnvironmentService } from './environments/environment-service.js';
import { registerEnvironmentRoutes } from './environments/routes.js';
import { SqlEnvironmentStore } from './environments/sql-environment-store.js';
import { createExecution, type ExecutionOptions } from './execution/execution-module.js';
import { DatasetService } from './datasets/dataset-service.js';
import { registerDatasetRoutes } from './datasets/routes.js';
import { SqlDatasetStore } from './datasets/sql-dataset-store.js';
import { DatastoreService } from './datastores/datastore-service.js';
import { registerDatastoreRoutes } from './datastores/routes.js';
import { SqlDatastoreStore } from './datastores/sql-datastore-store.js';
import { registerErrorHandling } from './http/errors.js';
import { implement, type RouteEnv } from './http/implement.js';
import { MetricService } from './metrics/metric-service.js';
import { ModelService } from './models/model-service.js';
import { registerModelRoutes } from './models/routes.js';
import type { EndpointRegistry } from './endpoints/endpoint-registry.js';
import { createEndpoints } from './endpoints/endpoint-module.js';
import { SqlModelStore } from './models/sql-model-store.js';
import { registerMetricRoutes } from './metrics/routes.js';
import { SqlMetricStore } from './metrics/sql-metric-store.js';
import { registerRunRoutes } from './runs/routes.js';
import { RunSearchService } from './runs/run-search-service.js';
import { RunService } from './runs/run-service.js';
import { SqlRunStore } from './runs/sql-run-store.js';
import { registerSnapshotRoutes } from './snapshots/routes.js';
import { SnapshotService } from './snapshots/snapshot-service.js';
import { SqlSnapshotStore } from './snapshots/sql-snapshot-store.js';
import { registerStudio } from './studio/serve-studio.js';
import { registerSecretRoutes } from './vault/routes.js';
import { SqlSecretStore } from './vault/sql-secret-store.js';
import { VaultService } from './vault/vault-service.js';
import { registerWorkspaceRoutes } from './workspaces/routes.js';
import { SqlWorkspaceStore } from './workspaces/sql-workspace-store.js';
import { WorkspaceService } from './workspaces/workspace-service.js';

export const VERSION = '0.1.0';

export interface ServerDeps {
  config: ServerConfig;
  metadata: MetadataDb;
  blobs: BlobStore;
  /** 32-byte key that encrypts the vault. */
  vaultKey: Buffer;
  /** Where the JSON log goes (stdout by default); tests capture it. */
  logStream?: Writable;
  now?: () => number;
  /** Execution timings and limits (tests shorten them). */
  execution?: Partial<ExecutionOptions>;
  /** The built studio to serve at `/` (default: packages/studio/dist). */
  studioDir?: string;
}

/** The assembled app and the services other wiring (bootstrap, tests) needs. */
export interface CairnServer {
  app: FastifyInstance;
  tokens: TokenService;
  workspaces: WorkspaceService;
  vault: VaultService;
  /** The model registry; endpoints resolve `N:V` / `N@alias` and lay out files through it. */
  models: ModelService;
  /** Live endpoints and their scoring routes. */
  endpoints: EndpointRegistry;
  /** Datasets; tests wait for tabular profile jobs through it. */
  datasets: DatasetService;
  close(): Promise<void>;
}

/** Builds the app: every concept's routes, auth, errors, OpenAPI and health. */
export async function createServer(deps: ServerDeps): Promise<CairnServer> {
  const now = deps.now ?? Date.now;
  const { db } = deps.metadata;
  const app = Fastify({
    logger: {
      level: deps.config.logLevel,
      // Fastify's request serializer logs no headers today; should one ever be added, credentials stay out.
      redact: ['req.headers.authorization', 'req.headers.cookie', 'headers.authorization', 'headers.cookie'],
      ...(deps.logStream ? { stream: deps.logStream } : {}),
    },
    bodyLimit: deps.config.bodyLimit,
    // Per-request lines would cost the metrics hot path dearly; they are logged at debug level only.
    logController: new LogController({ disableRequestLogging: deps.config.logLevel !== 'debug' && deps.config.logLevel !== 'trace' }),
  });
  registerErrorHandling(app);
  // Streamed uploads: the handler reads the raw request stream.
  app.addContentTypeParser(['application/octet-stream', '*'], (_request, payload, done) => done(null, payload));

  // Token and workspace lookups every request makes, memoized briefly and cleared on any change (ADR 12).
  const lookups = new LookupCache(now);
  const tokens = new TokenService(new SqlAuthStore(db), now, lookups);
  const workspaces = new WorkspaceService(new SqlWorkspaceStore(db), now, () => lookups.clear());
  const vault = new VaultService(new SqlSecretStore(db), deps.vaultKey, now);
  const experiments = new ExperimentService(new SqlExperimentStore(db), now);
  const runStore = new SqlRunStore(db);
  const execution = createExecution({ db, dataDir: deps.config.data, options: deps.execution, now, log: (message, err) => app.log.error({ err }, message) });
  const runs = new RunService(runStore, now, execution.canceller);
  const sessions = new SessionService(new SqlSessionStore(db), tokens, now);
  const env: RouteEnv = { tokens, sessions, resolveWorkspace: (name) => lookups.get(`workspace:${name}`, () => workspaces.resolve(name)) };

  app.get('/healthz', async () => ({ status: 'ok' }));
  implement(app, env, api.meta.openapi, async () => buildOpenApi(allRoutes, VERSION));
  registerAuthRoutes(app, env, tokens);
  registerSessionRoutes(app, env, sessions, now);
  registerStudio(app, { dir: deps.studioDir, sessions, now });
  registerWorkspaceRoutes(app, env, workspaces);
  registerExperimentRoutes(app, env, experiments);
  registerRunRoutes(app, env, runs, new RunSearchService(runStore, experiments, now));
  registerSecretRoutes(app, env, vault);
  const content = new ContentStore(deps.blobs, now);
  registerFileRoutes(app, env, new FileService(new SqlRunFileStore(db), content, now));
  const snapshots = new SnapshotService(new SqlSnapshotStore(db), content, now);
  registerSnapshotRoutes(app, env, snapshots);
  const environments = new EnvironmentService(new SqlEnvironmentStore(db), content, now);
  registerEnvironmentRoutes(app, env, environments);
  execution.register(app, env, { runStore, runs, tokens, environments, snapshots, secrets: vault });
  const models = new ModelService(new SqlModelStore(db), new SqlRunFileStore(db), content, now);
  registerModelRoutes(app, env, models);
  // Endpoints: management routes, and scoring URLs outside /api/v1 (endpoint keys, not workspace tokens).
  const endpointModule = createEndpoints({ app, env, db, dataDir: deps.config.data, models, snapshots, environments, vault, now, log: (message, err) => app.log.error({ err }, message) });
  const endpoints = endpointModule.registry;
  const datastores = new DatastoreService(new SqlDatastoreStore(db), deps.blobs, (ws, name) => vault.read(ws, name), now);
  registerDatastoreRoutes(app, env, datastores);
  const datasets = new DatasetService(new SqlDatasetStore(db), datastores, now);
  registerDatasetRoutes(app, env, datasets);
  registerMetricRoutes(app, env, new MetricService(new SqlMetricStore(deps.metadata), { now }));

  await workspaces.ensureDefault();
  await app.ready();
  void endpointModule.recover();
  return { app, tokens, workspaces, vault, models, datasets, endpoints, close: async () => {
    await datasets.idle();
    await endpointModule.close();
    await execution.close();
    await app.close();
  } };
}
