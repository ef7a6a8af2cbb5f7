/** An endpoint as the API shows it: the stored settings joined with what runs now. */
import type { Deployment, Endpoint, EndpointState } from '@cairn/api';
import type { Scorer } from '@cairn/serving';
import type { DeploymentRecord, EndpointRecord } from './endpoint-store.js';

/** What the view reads from the running side. */
export interface LiveState {
  scorers: Map<string, Scorer>;
  serving(deployment: string): number | null;
  /** The runtime of a generation still starting. */
  starting(deployment: string): Scorer | undefined;
}

function deploymentState(record: DeploymentRecord, scorer: Scorer | undefined): EndpointState {
  if (record.state !== 'Healthy') return record.state;
  // Stored Healthy but not running yet: a restarted server is bringing it back.
  if (!scorer) return 'Transitioning';
  const live = scorer.status().state;
  return live === 'Healthy' ? 'Healthy' : 'Unhealthy';
}

function toDeployment(record: DeploymentRecord, live: LiveState): Deployment {
  const scorer = live.scorers.get(record.name);
  // While a rollout starts, its own replicas say how far it got; the old ones still serve meanwhile.
  const status = (record.state === 'Transitioning' ? live.starting(record.name) : undefined)?.status() ?? scorer?.status();
  return {
    name: record.name, models: record.models, entryScript: record.spec.entryScript, snapshotId: record.spec.snapshotId, environment: record.spec.environment,
    settings: record.spec.settings, collectModelData: record.spec.collectModelData, hasSampleInput: record.spec.sampleInput !== null,
    state: deploymentState(record, scorer), error: record.error, generation: record.generation, servingGeneration: live.serving(record.name),
    replicas: { count: status?.replicas ?? 0, ready: status?.ready ?? 0, busy: status?.busy ?? 0, queued: status?.queued ?? 0 },
    createdAt: record.createdAt, updatedAt: record.updatedAt,
  };
}

/** v1's service state from its deployments'. */
export function endpointState(states: EndpointState[]): EndpointState {
  if (states.length === 0 || states.every((s) => s === 'Failed')) return 'Failed';
  if (states.includes('Transitioning')) return 'Transitioning';
  if (states.some((s) => s !== 'Healthy')) return 'Unhealthy';
  return 'Healthy';
}

/** The API form; `origin` is the server's URL as the caller reached it. */
export function toApiEndpoint(record: EndpointRecord, deployments: DeploymentRecord[], live: LiveState, origin: string, workspace: string): Endpoint {
  const shown = deployments.map((d) => toDeployment(d, live));
  const base = `${origin}/endpoints/${encodeURIComponent(workspace)}/${record.name}`;
  return {
    name: record.name, description: record.description, auth: record.auth, state: endpointState(shown.map((d) => d.state)), traffic: record.traffic,
    scoringUrl: `${base}/score`, swaggerUrl: `${base}/swagger.json`, deployments: shown,
    createdAt: record.createdAt, createdBy: record.createdBy, updatedAt: record.updatedAt,
  };
}
