/**
 * The path users hit: a real `cairn server` process (SQLite, temporary data directory, 127.0.0.1)
 * whose endpoints are created through the SDK as a user would — the model registered from its file,
 * score.py uploaded as a snapshot, the `system` environment — and scored at
 * `/endpoints/default/{name}/score` with the endpoint's primary key.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import type { DeploymentSettings, Endpoint, ModelFramework } from '@cairn/api';
import { CairnClient, type WorkspaceClient } from '../../packages/sdk/src/index.js';
import { startBenchServer, type BenchServer } from '../support/server.js';

/** A Healthy endpoint of the bench server: where to POST and with which key. */
export interface ServerEndpoint {
  url: string;
  key: string;
}

/** What one endpoint serves: a registered model file, and score.py unless it is a no-code ONNX model. */
export interface EndpointRecipe {
  name: string;
  model: { file: string; framework: ModelFramework };
  score?: string;
  settings: Partial<DeploymentSettings>;
}

/** The running server and its endpoints by name. */
export interface CairnServerStack {
  endpoints: Record<string, ServerEndpoint>;
  /** The server process, for its CPU time. */
  pid: number;
  stop(): Promise<void>;
}

/** Starts a server and creates every endpoint, each Healthy before this returns. */
export async function cairnServer(recipes: EndpointRecipe[], log: (line: string) => void): Promise<CairnServerStack> {
  const dataDir = mkdtempSync(join(tmpdir(), 'cairn-bench-serving-'));
  const server = await startBenchServer(dataDir);
  const stop = async () => {
    await server.stop();
    rmSync(dataDir, { recursive: true, force: true });
  };
  try {
    const ws = new CairnClient({ url: server.url, token: server.token }).workspace('default');
    const endpoints: Record<string, ServerEndpoint> = {};
    for (const recipe of recipes) {
      log(`cairn server: creating endpoint ${recipe.name} (${JSON.stringify(recipe.settings)})`);
      endpoints[recipe.name] = await createEndpoint(ws, server, recipe);
    }
    return { endpoints, pid: server.pid, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

async function createEndpoint(ws: WorkspaceClient, server: BenchServer, recipe: EndpointRecipe): Promise<ServerEndpoint> {
  const file = basename(recipe.model.file);
  const model = await ws.models.register({ name: recipe.name, framework: recipe.model.framework, files: [{ path: file, sha256: await upload(ws, readFileSync(recipe.model.file)) }] });
  const script = recipe.score === undefined ? {} : { entryScript: 'score.py', snapshotId: await snapshot(ws, recipe.score) };
  await ws.endpoints.create({ name: recipe.name, models: [`${model.name}:${model.version}`], ...script, settings: recipe.settings });
  const endpoint = await healthy(ws, recipe.name);
  const { primaryKey } = await ws.endpoints.keys(recipe.name);
  // The scoring URL names the server's own address; the bench reaches it the same way.
  if (!endpoint.scoringUrl.startsWith(server.url)) throw new Error(`unexpected scoring URL ${endpoint.scoringUrl} for ${server.url}`);
  return { url: endpoint.scoringUrl, key: primaryKey };
}

/** Uploads bytes as a workspace blob; returns their SHA-256. */
async function upload(ws: WorkspaceClient, bytes: Buffer): Promise<string> {
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  await ws.blobs.upload(sha256, bytes);
  return sha256;
}

async function snapshot(ws: WorkspaceClient, score: string): Promise<string> {
  const bytes = Buffer.from(score);
  const files = [{ path: 'score.py', sha256: await upload(ws, bytes), size: bytes.length, mode: 0o644 }];
  return (await ws.snapshots.create(files)).id;
}

/** Polls until the endpoint leaves Transitioning; throws with its error unless it is Healthy. */
async function healthy(ws: WorkspaceClient, name: string): Promise<Endpoint> {
  const until = Date.now() + 120_000;
  for (;;) {
    const endpoint = await ws.endpoints.get(name);
    if (endpoint.state === 'Healthy') return endpoint;
    if (endpoint.state !== 'Transitioning' || Date.now() > until) {
      throw new Error(`endpoint ${name} is ${endpoint.state}: ${endpoint.deployments.map((d) => d.error ?? '').join('\n')}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}
