/**
 * The rules of endpoints: create (keys, first deployment), deploy and update deployments (a rolling
 * update), traffic split, keys and tokens, delete; restart recovery brings every stored endpoint back.
 * Bad input is refused before anything starts; rollouts run in the background and record their outcome.
 */
import { randomBytes } from 'node:crypto';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { ConflictError, InputError, NotFoundError, type CreateEndpoint, type DeployBody, type Endpoint, type ModelUser } from '@cairn/api';
import type { z } from 'zod';
import type { Principal } from '../auth/principal.js';
import type { WorkspaceRef } from '../http/implement.js';
import type { ModelChangeEvent, ModelUsage } from '../models/model-service.js';
import type { VaultService } from '../vault/vault-service.js';
import { checkDeployment, type CheckDeps } from './deployment-checks.js';
import { DeploymentRollouts, type RolloutDeps } from './deployment-rollouts.js';
import { issueToken, newEndpointKey, TOKEN_LIFETIME_MS, TOKEN_REFRESH_MS, tokenMatches } from './endpoint-keys.js';
import { checkTraffic, type EndpointAccess } from './endpoint-registry.js';
import type { DeploymentRecord, EndpointRecord } from './endpoint-store.js';
import { toApiEndpoint } from './endpoint-view.js';
import { ModelDataLog } from './model-data.js';

/** What the service needs. */
export type EndpointServiceDeps = Omit<RolloutDeps, 'modelData'> & CheckDeps & { vault: VaultService; log: (message: string, error?: unknown) => void };

type Secret = 'primary' | 'secondary' | 'token';

/** Endpoints of every workspace of this server. */
export class EndpointService implements ModelUsage {
  private readonly rollouts: DeploymentRollouts;
  private readonly samples = new Map<string, ModelDataLog>();

  constructor(private readonly deps: EndpointServiceDeps) {
    this.rollouts = new DeploymentRollouts({ ...deps, modelData: (ws, name) => this.modelDataLog(ws, name) });
  }

  private modelDataLog(workspace: WorkspaceRef, name: string): ModelDataLog {
    const key = `${workspace.id}/${name}`;
    if (!this.samples.has(key)) this.samples.set(key, new ModelDataLog(join(this.deps.dir, String(workspace.id), name)));
    return this.samples.get(key)!;
  }

  private seal(workspace: WorkspaceRef, name: string, which: Secret, value: string): string {
    return this.deps.vault.encrypt(workspace.id, `endpoint:${name}:${which}`, value);
  }

  private open(workspace: WorkspaceRef, record: EndpointRecord, which: Secret): string {
    const sealed = which === 'primary' ? record.primaryKey : which === 'secondary' ? record.secondaryKey : record.tokenSecret;
    return this.deps.vault.decrypt(workspace.id, `endpoint:${record.name}:${which}`, sealed);
  }

  /** What scoring clients must present: either key, or a live token. */
  private access(workspace: WorkspaceRef, record: EndpointRecord): EndpointAccess {
    if (record.auth === 'key') return [this.open(workspace, record, 'primary'), this.open(workspace, record, 'secondary')];
    const secret = this.open(workspace, record, 'token');
    return (authorization) => tokenMatches(authorization, secret, `${workspace.name}/${record.name}`, this.deps.now());
  }

  /** The endpoint or ENDPOINT_NOT_FOUND. */
  async find(workspace: WorkspaceRef, name: string): Promise<EndpointRecord> {
    const record = await this.deps.store.get(workspace.id, name);
    if (!record) throw new NotFoundError('ENDPOINT_NOT_FOUND', `no endpoint ${name} in workspace ${workspace.name}; list them with \`cairn endpoint list\``, { name });
    return record;
  }

  private async view(workspace: WorkspaceRef, record: EndpointRecord, origin: string): Promise<Endpoint> {
    const deployments = await this.deps.store.deployments(record.id);
    const live = {
      scorers: this.deps.registry.scorers(workspace, record.name),
      serving: (d: string) => this.rollouts.serving(workspace, record.name, d),
      starting: (d: string) => this.rollouts.startingScorer(workspace, record.name, d),
    };
    return toApiEndpoint(record, deployments, live, origin, workspace.name);
  }

  /** Creates an endpoint and starts its first deployment. */
  async create(workspace: WorkspaceRef, principal: Principal, input: z.output<typeof CreateEndpoint>, origin: string): Promise<Endpoint> {
    const { spec, models } = await checkDeployment(this.deps, workspace, input);
    const at = this.deps.now();
    const record = await this.deps.store.create({
      workspaceId: workspace.id, name: input.name, description: input.description, auth: input.auth,
      primaryKey: this.seal(workspace, input.name, 'primary', newEndpointKey()), secondaryKey: this.seal(workspace, input.name, 'secondary', newEndpointKey()),
      tokenSecret: this.seal(workspace, input.name, 'token', randomBytes(32).toString('base64url')),
      traffic: { [input.deployment]: 100 }, createdAt: at, createdBy: principal.user,
    });
    if (!record) throw new ConflictError('ENDPOINT_EXISTS', `workspace ${workspace.name} already has an endpoint ${input.name}; update it with \`cairn endpoint deploy ${input.name} --deployment D …\``, { name: input.name });
    this.deps.registry.open(workspace, record.name, this.access(workspace, record), null);
    const deployment = await this.deps.store.putDeployment(record.id, workspace.id, input.deployment, spec, models, at);
    this.launch(workspace, record, deployment, null);
    return this.view(workspace, record, origin);
  }

  private launch(workspace: WorkspaceRef, endpoint: EndpointRecord, deployment: DeploymentRecord, previous: DeploymentRecord | null): void {
    this.rollouts.start({ workspace, endpoint, deployment, previous }).catch((error) => this.deps.log(`rollout of ${endpoint.name}/${deployment.name} failed`, error));
  }

  /** Creates or updates a deployment: a rolling update, the old generation serving until the new one is Healthy. */
  async deploy(workspace: WorkspaceRef, name: string, deploymentName: string, body: z.output<typeof DeployBody>, origin: string): Promise<Endpoint> {
    const endpoint = await this.find(workspace, name);
    const { spec, models } = await checkDeployment(this.deps, workspace, body);
    const existing = await this.deps.store.deployments(endpoint.id);
    const names = [...new Set([...existing.map((d) => d.name), deploymentName])];
    if (body.traffic) checkTraffic(body.traffic, names);
    const traffic = body.traffic ?? (Object.keys(endpoint.traffic).length === 0 ? { [deploymentName]: 100 } : undefined);
    const at = this.deps.now();
    if (traffic) await this.deps.store.update(endpoint.id, { traffic }, at);
    const deployment = await this.deps.store.putDeployment(endpoint.id, workspace.id, deploymentName, spec, models, at);
    const current = await this.find(workspace, name);
    if (this.deps.registry.has(workspace, name)) this.deps.registry.applyTraffic(workspace, name, current.traffic);
    this.launch(workspace, current, deployment, existing.find((d) => d.name === deploymentName) ?? null);
    return this.view(workspace, current, origin);
  }

  /** Sets the traffic split. */
  async setTraffic(workspace: WorkspaceRef, name: string, traffic: Record<string, number>, origin: string): Promise<Endpoint> {
    const endpoint = await this.find(workspace, name);
    checkTraffic(traffic, (await this.deps.store.deployments(endpoint.id)).map((d) => d.name));
    await this.deps.store.update(endpoint.id, { traffic }, this.deps.now());
    this.deps.registry.applyTraffic(workspace, name, traffic);
    return this.view(workspace, await this.find(workspace, name), origin);
  }

  /** Deletes a deployment that takes no traffic. */
  async deleteDeployment(workspace: WorkspaceRef, name: string, deploymentName: string): Promise<void> {
    const endpoint = await this.find(workspace, name);
    const deployment = await this.deployment(endpoint, deploymentName);
    if ((endpoint.traffic[deploymentName] ?? 0) > 0) {
      throw new ConflictError('DEPLOYMENT_IN_USE', `deployment ${deploymentName} takes ${endpoint.traffic[deploymentName]}% of ${name}'s traffic; move it elsewhere first (--traffic)`, { traffic: endpoint.traffic });
    }
    const { [deploymentName]: _gone, ...traffic } = endpoint.traffic;
    await this.deps.store.update(endpoint.id, { traffic }, this.deps.now());
    this.rollouts.forget(workspace, name, deploymentName);
    await this.deps.registry.removeDeployment(workspace, name, deploymentName);
    await this.deps.store.deleteDeployment(deployment.id);
  }

  /** A deployment of an endpoint, or DEPLOYMENT_NOT_FOUND. */
  async deployment(endpoint: EndpointRecord, name: string): Promise<DeploymentRecord> {
    const all = await this.deps.store.deployments(endpoint.id);
    const found = all.find((d) => d.name === name);
    if (!found) throw new NotFoundError('DEPLOYMENT_NOT_FOUND', `endpoint ${endpoint.name} has no deployment ${name}; it has ${all.map((d) => d.name).join(', ') || 'none'}`, { deployment: name });
    return found;
  }

  /** Stops and deletes an endpoint. */
  async delete(workspace: WorkspaceRef, name: string): Promise<void> {
    const endpoint = await this.find(workspace, name);
    await this.rollouts.abandon(workspace, name);
    await this.deps.registry.remove(workspace, name);
    await this.deps.store.delete(endpoint.id);
    this.deps.logs.close(workspace.id, name);
    this.samples.get(`${workspace.id}/${name}`)?.close();
    this.samples.delete(`${workspace.id}/${name}`);
    await rm(join(this.deps.dir, String(workspace.id), name), { recursive: true, force: true });
  }

  /** One endpoint as the API shows it. */
  async get(workspace: WorkspaceRef, name: string, origin: string): Promise<Endpoint> {
    return this.view(workspace, await this.find(workspace, name), origin);
  }

  /** Every endpoint of a workspace. */
  async list(workspace: WorkspaceRef, origin: string): Promise<Endpoint[]> {
    return Promise.all((await this.deps.store.list(workspace.id)).map((e) => this.view(workspace, e, origin)));
  }

  /** Both keys. */
  async keys(workspace: WorkspaceRef, name: string): Promise<{ primaryKey: string; secondaryKey: string }> {
    const record = await this.find(workspace, name);
    return { primaryKey: this.open(workspace, record, 'primary'), secondaryKey: this.open(workspace, record, 'secondary') };
  }

  /** Replaces one key; the other keeps working. */
  async regenerateKey(workspace: WorkspaceRef, name: string, which: 'primary' | 'secondary'): Promise<{ primaryKey: string; secondaryKey: string }> {
    const record = await this.find(workspace, name);
    const sealed = this.seal(workspace, name, which, newEndpointKey());
    await this.deps.store.update(record.id, which === 'primary' ? { primaryKey: sealed } : { secondaryKey: sealed }, this.deps.now());
    const updated = await this.find(workspace, name);
    if (this.deps.registry.has(workspace, name)) this.deps.registry.open(workspace, name, this.access(workspace, updated));
    return this.keys(workspace, name);
  }

  /** A short-lived scoring token, for endpoints with token auth. */
  async token(workspace: WorkspaceRef, name: string): Promise<{ accessToken: string; tokenType: 'Bearer'; expiresOn: number; refreshAfter: number }> {
    const record = await this.find(workspace, name);
    if (record.auth !== 'token') throw new InputError('INVALID_INPUT', `endpoint ${name} uses key auth: score it with a key (\`cairn endpoint keys ${name}\`), or create it with --auth token`);
    const now = this.deps.now();
    const expiresOn = now + TOKEN_LIFETIME_MS;
    return { accessToken: issueToken(this.open(workspace, record, 'token'), `${workspace.name}/${name}`, expiresOn), tokenType: 'Bearer', expiresOn, refreshAfter: now + TOKEN_REFRESH_MS };
  }

  /** Sampled requests and answers (`collectModelData`). */
  async modelData(workspace: WorkspaceRef, name: string, deployment: string | undefined, tail: number) {
    await this.find(workspace, name);
    return this.modelDataLog(workspace, name).read(deployment, tail);
  }

  /** Telemetry per running deployment. */
  async metrics(workspace: WorkspaceRef, name: string) {
    await this.find(workspace, name);
    return [...this.deps.registry.scorers(workspace, name)].map(([deployment, scorer]) => {
      const t = scorer.telemetry.snapshot();
      const s = scorer.status();
      return { deployment, requests: t.requests, statusCodes: t.statusCodes, latencyMs: t.latencyMs, queueWaitMs: t.queueWaitMs,
        replicas: { count: s.replicas, ready: s.ready, busy: s.busy, queued: s.queued }, replicaHistory: t.replicas };
    });
  }

  /** Scores one body through the gateway. */
  async invoke(workspace: WorkspaceRef, name: string, body: string, deployment?: string): Promise<{ status: number; body: unknown; durationMs: number }> {
    const endpoint = await this.find(workspace, name);
    if (deployment !== undefined) await this.deployment(endpoint, deployment);
    const started = performance.now();
    const outcome = await this.deps.registry.invoke(workspace, name, Buffer.from(body), deployment);
    const text = outcome.body.toString('utf8');
    let parsed: unknown = text;
    try {
      parsed = JSON.parse(text);
    } catch {
      // run() may answer plain text
    }
    return { status: outcome.status, body: parsed, durationMs: Math.round((performance.now() - started) * 1000) / 1000 };
  }

  async usersOf(workspaceId: number, name: string, version: number): Promise<ModelUser[]> {
    return (await this.deps.store.usersOf(workspaceId, name, version)).map((u) => ({ ...u, active: true }));
  }

  /** Moves deployments that follow `N@alias` to the version the alias now names. */
  async followAlias(event: ModelChangeEvent): Promise<void> {
    if (event.kind !== 'aliased' || event.alias === null) return;
    const ref = `${event.name}@${event.alias}`;
    for (const endpoint of await this.deps.store.list(event.workspace.id)) {
      for (const d of await this.deps.store.deployments(endpoint.id)) {
        if (!d.spec.models.includes(ref)) continue;
        const body = { ...d.spec, entryScript: d.spec.entryScript ?? undefined, snapshotId: d.spec.snapshotId ?? undefined, sampleInput: d.spec.sampleInput ?? undefined };
        await this.deploy(event.workspace, endpoint.name, d.name, body, '').catch((error) => this.deps.log(`moving ${endpoint.name}/${d.name} to ${ref} failed`, error));
      }
    }
  }

  /** Brings every stored endpoint back (server start); rollouts continue in the background. */
  async recover(): Promise<void> {
    for (const endpoint of await this.deps.store.all()) {
      const workspace = { id: endpoint.workspaceId, name: endpoint.workspaceName };
      this.deps.registry.open(workspace, endpoint.name, this.access(workspace, endpoint), null);
      for (const deployment of await this.deps.store.deployments(endpoint.id)) this.launch(workspace, endpoint, deployment, null);
    }
  }

  /** Stops rollouts and closes logs (server shutdown; the registry stops the replicas). */
  async close(): Promise<void> {
    await this.rollouts.close();
    this.deps.logs.closeAll();
    for (const log of this.samples.values()) log.close();
  }
}
