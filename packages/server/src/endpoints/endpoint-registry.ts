/**
 * The live endpoints of this server: their routers, access checks and swagger documents. It
 * answers the scoring routes (`ScoringDirectory`) and the Prometheus text. The endpoint store and
 * service persist the settings and drive it; which model versions are served is the store's to say.
 */
import { InputError, NotFoundError } from '@cairn/api';
import { EndpointRouter, prometheusText, type Scorer } from '@cairn/serving';
import type { WorkspaceRef } from '../http/implement.js';
import { keyCheck } from './endpoint-keys.js';
import type { ScoringDirectory, ScoringTarget } from './scoring-routes.js';

/** Whether an Authorization header grants scoring: the endpoint's keys, or a token check. */
export type EndpointAccess = string[] | ((authorization: string | undefined) => boolean);

interface LiveEndpoint {
  workspace: WorkspaceRef;
  name: string;
  router: EndpointRouter;
  access: EndpointAccess;
  swagger: unknown | null;
  /** What the scoring routes use, built once per access change rather than per request. */
  target: ScoringTarget;
}

/** Checks a traffic split: known deployments, whole percentages summing to 100. */
export function checkTraffic(traffic: Record<string, number>, deployments: readonly string[]): void {
  const unknown = Object.keys(traffic).filter((d) => !deployments.includes(d));
  if (unknown.length > 0) throw new InputError('INVALID_TRAFFIC', `no deployment ${unknown.join(', ')} in this endpoint; deployments: ${deployments.join(', ')}`);
  const sum = Object.values(traffic).reduce((n, w) => n + w, 0);
  if (Object.values(traffic).some((w) => !Number.isInteger(w) || w < 0) || sum !== 100) {
    throw new InputError('INVALID_TRAFFIC', `traffic weights must be whole percentages summing to 100, not ${sum}: e.g. --traffic blue=90,green=10`);
  }
}

/** The scoring routes' view of a live endpoint; its key check reads the access it was built with. */
function scoringTarget(live: LiveEndpoint): ScoringTarget {
  const { access, router } = live;
  return {
    authorize: typeof access === 'function' ? access : keyCheck(access),
    score: (body, request) => router.score(body, undefined, request),
    swagger: () => live.swagger,
    healthy: () => router.entries().some(([, s]) => s.status().state === 'Healthy'),
  };
}

/** Every live endpoint of the server. */
export class EndpointRegistry implements ScoringDirectory {
  private readonly endpoints = new Map<string, LiveEndpoint>();

  private key(workspace: string, name: string): string {
    return `${workspace}/${name}`;
  }

  /** Creates the live endpoint `name`, or changes its access (and swagger document, when given). */
  open(workspace: WorkspaceRef, name: string, access: EndpointAccess, swagger?: unknown | null): void {
    const existing = this.endpoints.get(this.key(workspace.name, name));
    if (existing) {
      existing.access = access;
      existing.target = scoringTarget(existing);
      if (swagger !== undefined) existing.swagger = swagger;
      return;
    }
    const live = { workspace, name, router: new EndpointRouter(), access, swagger: swagger ?? null } as LiveEndpoint;
    live.target = scoringTarget(live);
    this.endpoints.set(this.key(workspace.name, name), live);
  }

  /** Replaces the swagger document of a live endpoint. */
  setSwagger(workspace: WorkspaceRef, name: string, swagger: unknown): void {
    const live = this.endpoints.get(this.key(workspace.name, name));
    if (live) live.swagger = swagger;
  }

  /** Whether `name` is live. */
  has(workspace: WorkspaceRef, name: string): boolean {
    return this.endpoints.has(this.key(workspace.name, name));
  }

  /** The runtimes of an endpoint's deployments (none when it is not live). */
  scorers(workspace: WorkspaceRef, name: string): Map<string, Scorer> {
    return new Map(this.endpoints.get(this.key(workspace.name, name))?.router.entries() ?? []);
  }

  /** Scores one body on the endpoint: by traffic, or on the deployment named. */
  invoke(workspace: WorkspaceRef, name: string, body: Buffer, deployment?: string): ReturnType<Scorer['score']> {
    return this.live(workspace, name).router.score(body, deployment);
  }

  /** Stops and forgets one deployment. */
  async removeDeployment(workspace: WorkspaceRef, endpoint: string, deployment: string): Promise<void> {
    const live = this.endpoints.get(this.key(workspace.name, endpoint));
    await live?.router.remove(deployment);
  }

  private live(workspace: WorkspaceRef, name: string): LiveEndpoint {
    const found = this.endpoints.get(this.key(workspace.name, name));
    if (!found) throw new NotFoundError('ENDPOINT_NOT_FOUND', `endpoint ${name} is not running on this server`);
    return found;
  }

  /** Starts a deployment; once Healthy it takes over from the one it replaces. Returns its status. */
  deploy(workspace: WorkspaceRef, endpoint: string, deployment: string, scorer: Scorer): Promise<ReturnType<Scorer['status']>> {
    return this.live(workspace, endpoint).router.deploy(deployment, scorer);
  }

  /** Sets the traffic split of an endpoint. */
  setTraffic(workspace: WorkspaceRef, endpoint: string, traffic: Record<string, number>): void {
    const live = this.live(workspace, endpoint);
    checkTraffic(traffic, live.router.entries().map(([name]) => name));
    live.router.setTraffic(traffic);
  }

  /**
   * Routes by the stored split among the deployments running now (checked by the caller): while a
   * restarted server brings deployments back, the ones up take the traffic in proportion.
   */
  applyTraffic(workspace: WorkspaceRef, endpoint: string, traffic: Record<string, number>): void {
    const live = this.live(workspace, endpoint);
    const running = new Set(live.router.entries().map(([name]) => name));
    live.router.setTraffic(Object.fromEntries(Object.entries(traffic).filter(([name]) => running.has(name))));
  }

  /** Stops an endpoint's deployments and forgets it. */
  async remove(workspace: WorkspaceRef, endpoint: string): Promise<void> {
    const live = this.endpoints.get(this.key(workspace.name, endpoint));
    this.endpoints.delete(this.key(workspace.name, endpoint));
    await live?.router.close();
  }

  find(workspace: string, name: string): ScoringTarget | undefined {
    return this.endpoints.get(this.key(workspace, name))?.target;
  }

  /** Prometheus text for the endpoints of one workspace (or one endpoint of it). */
  prometheus(workspace: string, endpoint?: string): string {
    const series = [...this.endpoints.values()].filter((e) => e.workspace.name === workspace && (endpoint === undefined || e.name === endpoint)).flatMap((e) =>
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
