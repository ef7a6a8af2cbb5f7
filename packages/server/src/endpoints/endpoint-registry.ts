/**
 * The live endpoints of this server: their routers, keys, swagger documents and which model
 * versions their deployments serve. It answers the scoring routes (`ScoringDirectory`), the model
 * registry's delete check (`ModelUsage`) and the Prometheus `/metrics` text. The endpoint store and
 * service persist the settings and drive it.
 */
import { InputError, type ModelUser } from '@cairn/api';
import { EndpointRouter, prometheusText, type Scorer } from '@cairn/serving';
import type { WorkspaceRef } from '../http/implement.js';
import type { ModelUsage } from '../models/model-service.js';
import { keyMatches } from './endpoint-keys.js';
import type { ScoringDirectory, ScoringTarget } from './scoring-routes.js';

interface LiveEndpoint {
  workspace: WorkspaceRef;
  name: string;
  router: EndpointRouter;
  keys: string[];
  swagger: unknown | null;
  /** Model versions per deployment, as `name:version`. */
  models: Map<string, { name: string; version: number }[]>;
}

/** Checks a traffic split: known deployments, whole percentages summing to 100. */
export function checkTraffic(traffic: Record<string, number>, deployments: readonly string[]): void {
  const unknown = Object.keys(traffic).filter((d) => !deployments.includes(d));
  if (unknown.length > 0) throw new InputError('INVALID_INPUT', `no deployment ${unknown.join(', ')} in this endpoint; deployments: ${deployments.join(', ')}`);
  const sum = Object.values(traffic).reduce((n, w) => n + w, 0);
  if (Object.values(traffic).some((w) => !Number.isInteger(w) || w < 0) || sum !== 100) {
    throw new InputError('INVALID_INPUT', `traffic weights must be whole percentages summing to 100, not ${sum}: e.g. --traffic blue=90,green=10`);
  }
}

/** Every live endpoint of the server. */
export class EndpointRegistry implements ScoringDirectory, ModelUsage {
  private readonly endpoints = new Map<string, LiveEndpoint>();

  private key(workspace: string, name: string): string {
    return `${workspace}/${name}`;
  }

  /** Creates (or returns) the live endpoint `name`. */
  open(workspace: WorkspaceRef, name: string, keys: string[], swagger: unknown | null = null): void {
    const existing = this.endpoints.get(this.key(workspace.name, name));
    if (existing) {
      existing.keys = keys;
      existing.swagger = swagger;
      return;
    }
    this.endpoints.set(this.key(workspace.name, name), { workspace, name, router: new EndpointRouter(), keys, swagger, models: new Map() });
  }

  private live(workspace: WorkspaceRef, name: string): LiveEndpoint {
    const found = this.endpoints.get(this.key(workspace.name, name));
    if (!found) throw new InputError('INVALID_INPUT', `endpoint ${name} is not running`);
    return found;
  }

  /** Starts a deployment; once Healthy it takes over from the one it replaces. Returns its status. */
  async deploy(workspace: WorkspaceRef, endpoint: string, deployment: string, scorer: Scorer, models: { name: string; version: number }[]): Promise<ReturnType<Scorer['status']>> {
    const live = this.live(workspace, endpoint);
    const status = await live.router.deploy(deployment, scorer);
    if (status.state === 'Healthy') live.models.set(deployment, models);
    return status;
  }

  /** Sets the traffic split of an endpoint. */
  setTraffic(workspace: WorkspaceRef, endpoint: string, traffic: Record<string, number>): void {
    const live = this.live(workspace, endpoint);
    checkTraffic(traffic, live.router.entries().map(([name]) => name));
    live.router.setTraffic(traffic);
  }

  /** Stops an endpoint's deployments and forgets it. */
  async remove(workspace: WorkspaceRef, endpoint: string): Promise<void> {
    const live = this.endpoints.get(this.key(workspace.name, endpoint));
    this.endpoints.delete(this.key(workspace.name, endpoint));
    await live?.router.close();
  }

  find(workspace: string, name: string): ScoringTarget | undefined {
    const live = this.endpoints.get(this.key(workspace, name));
    if (!live) return undefined;
    return {
      authorize: (authorization) => keyMatches(authorization, live.keys),
      score: (body) => live.router.score(body),
      swagger: () => live.swagger,
      healthy: () => live.router.entries().some(([, s]) => s.status().state === 'Healthy'),
    };
  }

  async usersOf(workspaceId: number, name: string, version: number): Promise<ModelUser[]> {
    const users: ModelUser[] = [];
    for (const live of this.endpoints.values()) {
      if (live.workspace.id !== workspaceId) continue;
      for (const [deployment, models] of live.models) {
        if (models.some((m) => m.name === name && m.version === version)) users.push({ endpoint: live.name, deployment, active: true });
      }
    }
    return users;
  }

  /** Prometheus text for the endpoints of one workspace. */
  prometheus(workspace: string): string {
    const series = [...this.endpoints.values()].filter((e) => e.workspace.name === workspace).flatMap((e) =>
      e.router.entries().map(([deployment, scorer]) => {
        const status = scorer.status();
        return { labels: { workspace, endpoint: e.name, deployment }, telemetry: scorer.telemetry, replicas: status.replicas, queued: status.queued };
      }));
    return prometheusText(series);
  }

  /** Stops every endpoint (server shutdown). */
  async close(): Promise<void> {
    await Promise.all([...this.endpoints.values()].map((e) => e.router.close()));
    this.endpoints.clear();
  }
}
