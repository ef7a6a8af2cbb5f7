/** Wires endpoints into the app: the live registry, the scoring routes, the service and its routes. */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import { LocalReplicaLauncher } from '@cairn/serving';
import type { Database } from '../db/schema.js';
import type { EnvironmentService } from '../environments/environment-service.js';
import type { RouteEnv } from '../http/implement.js';
import type { ModelService } from '../models/model-service.js';
import type { SnapshotService } from '../snapshots/snapshot-service.js';
import type { VaultService } from '../vault/vault-service.js';
import { EndpointLogs } from './endpoint-logs.js';
import { EndpointRegistry } from './endpoint-registry.js';
import { EndpointService } from './endpoint-service.js';
import { registerEndpointRoutes } from './routes.js';
import { registerScoringRoutes } from './scoring-routes.js';
import { SqlEndpointStore } from './sql-endpoint-store.js';

/** The repository's Python client, from `src/endpoints` or `dist/endpoints` alike. */
const PYTHON_DIR = fileURLToPath(new URL('../../../../python', import.meta.url));

/** v1's largest scoring request (100 MB). */
const SCORING_BODY_LIMIT = 100 * 1024 * 1024;

/** What endpoints are built from. */
export interface EndpointWiring {
  app: FastifyInstance;
  env: RouteEnv;
  db: Kysely<Database>;
  dataDir: string;
  models: ModelService;
  snapshots: SnapshotService;
  environments: EnvironmentService;
  vault: VaultService;
  now: () => number;
  log: (message: string, error?: unknown) => void;
}

/** Registers the endpoint and scoring routes; `recover` brings stored endpoints back, `close` stops them all. */
export function createEndpoints(w: EndpointWiring) {
  const dir = join(w.dataDir, 'endpoints');
  const registry = new EndpointRegistry();
  const logs = new EndpointLogs(dir, w.now);
  const service = new EndpointService({
    store: new SqlEndpointStore(w.db), registry, models: w.models, snapshots: w.snapshots, environments: w.environments, vault: w.vault,
    launcher: new LocalReplicaLauncher(), logs, dir, pythonDir: existsSync(join(PYTHON_DIR, 'azureml')) ? PYTHON_DIR : null, now: w.now, log: w.log,
  });
  // The store knows every deployment, running or not, so model deletes are refused for all of them.
  w.models.useUsage(service);
  w.models.onChange((event) => service.followAlias(event));
  registerScoringRoutes(w.app, registry, SCORING_BODY_LIMIT);
  registerEndpointRoutes(w.app, w.env, service, registry, logs);
  let recovering: Promise<void> = Promise.resolve();
  return {
    registry, service,
    recover: () => (recovering = service.recover().catch((error) => w.log('bringing endpoints back failed', error))),
    close: async () => {
      await recovering;
      await service.close();
      await registry.close();
    },
  };
}
