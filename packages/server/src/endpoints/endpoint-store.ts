/** Storage of endpoints and their deployments: domain records, never rows. */
import type { DeploymentSettings, EndpointAuth, EndpointState } from '@cairn/api';

/** What a deployment runs, as stored (the API's DeploymentInput after defaults). */
export interface DeploymentSpec {
  models: string[];
  entryScript: string | null;
  snapshotId: string | null;
  environment: string;
  settings: DeploymentSettings;
  sampleInput: string | null;
  collectModelData: boolean;
}

/** A model version a deployment serves, with the reference it was resolved from. */
export interface ServedModel {
  ref: string;
  name: string;
  version: number;
}

/** An endpoint; keys and the token secret are ciphertext (the service holds the vault). */
export interface EndpointRecord {
  id: number;
  workspaceId: number;
  name: string;
  description: string;
  auth: EndpointAuth;
  primaryKey: string;
  secondaryKey: string;
  tokenSecret: string;
  traffic: Record<string, number>;
  createdAt: number;
  createdBy: string;
  updatedAt: number;
}

export interface DeploymentRecord {
  id: number;
  endpointId: number;
  name: string;
  spec: DeploymentSpec;
  models: ServedModel[];
  generation: number;
  state: EndpointState;
  error: string | null;
  createdAt: number;
  updatedAt: number;
}

export type NewEndpoint = Omit<EndpointRecord, 'id' | 'updatedAt'>;

/** The outcome of a rollout; `revert` puts back the spec that still serves after a failed update. */
export interface RolloutOutcome {
  state: EndpointState;
  error: string | null;
  revert?: { spec: DeploymentSpec; models: ServedModel[] };
  at: number;
}

export interface EndpointStore {
  /** Creates an endpoint; null when the workspace already has one of that name. */
  create(endpoint: NewEndpoint): Promise<EndpointRecord | null>;
  get(workspaceId: number, name: string): Promise<EndpointRecord | null>;
  list(workspaceId: number): Promise<EndpointRecord[]>;
  /** Every endpoint of every workspace with its workspace's name (restart recovery). */
  all(): Promise<(EndpointRecord & { workspaceName: string })[]>;
  update(id: number, change: Partial<Pick<EndpointRecord, 'traffic' | 'primaryKey' | 'secondaryKey'>>, at: number): Promise<void>;
  delete(id: number): Promise<void>;
  deployments(endpointId: number): Promise<DeploymentRecord[]>;
  /** Creates a deployment (generation 1) or replaces its spec (next generation), Transitioning. */
  putDeployment(endpointId: number, workspaceId: number, name: string, spec: DeploymentSpec, models: ServedModel[], at: number): Promise<DeploymentRecord>;
  /** Records how a generation's rollout ended; ignored once a newer generation exists. */
  finishRollout(deploymentId: number, generation: number, outcome: RolloutOutcome): Promise<void>;
  deleteDeployment(deploymentId: number): Promise<void>;
  /** Endpoints and deployments serving a model version. */
  usersOf(workspaceId: number, name: string, version: number): Promise<{ endpoint: string; deployment: string }[]>;
}
