/** Real-time endpoints of a workspace: create, deploy, traffic, keys, tokens, logs, telemetry, invoke. */
import { api, type CreateEndpoint, type DeployBody, type Endpoint, type EndpointLogLine } from '@cairn/api';
import { parseSse } from './execution.js';
import type { Transport } from './transport.js';
import type { OutputOf, QueryOf } from './types.js';

/** Endpoint methods of a workspace. */
export class EndpointsApi {
  constructor(
    private readonly transport: Transport,
    private readonly workspace: string,
  ) {}

  private params(name: string) {
    return { workspace: this.workspace, name };
  }

  /** Creates an endpoint and starts its first deployment; poll `get` until Healthy or Failed. */
  create(input: CreateEndpoint): Promise<Endpoint> {
    return this.transport.call(api.endpoints.create, { params: { workspace: this.workspace }, body: input });
  }

  /** Every endpoint of the workspace. */
  async list(): Promise<Endpoint[]> {
    return (await this.transport.call(api.endpoints.list, { params: { workspace: this.workspace } })).items;
  }

  /** One endpoint with its deployments, traffic and URLs. */
  get(name: string): Promise<Endpoint> {
    return this.transport.call(api.endpoints.get, { params: this.params(name) });
  }

  /** Stops and deletes an endpoint. */
  async delete(name: string): Promise<void> {
    await this.transport.call(api.endpoints.delete, { params: this.params(name) });
  }

  /** Creates or updates a deployment (a rolling update); poll `get` until its generation serves. */
  deploy(name: string, deployment: string, body: DeployBody): Promise<Endpoint> {
    return this.transport.call(api.endpoints.deploy, { params: { ...this.params(name), deployment }, body });
  }

  /** Deletes a deployment that takes no traffic. */
  async deleteDeployment(name: string, deployment: string): Promise<void> {
    await this.transport.call(api.endpoints.deleteDeployment, { params: { ...this.params(name), deployment } });
  }

  /** Sets the traffic split (whole percentages summing to 100). */
  setTraffic(name: string, traffic: Record<string, number>): Promise<Endpoint> {
    return this.transport.call(api.endpoints.setTraffic, { params: this.params(name), body: { traffic } });
  }

  /** The replicas' log lines so far. */
  async logs(name: string, query: QueryOf<typeof api.endpoints.logs> = {}): Promise<EndpointLogLine[]> {
    return (await this.transport.call(api.endpoints.logs, { params: this.params(name), query })).items;
  }

  /** Follows the replicas' log live until `signal` aborts. */
  async *follow(name: string, query: QueryOf<typeof api.endpoints.followLogs> = {}, signal?: AbortSignal): AsyncGenerator<EndpointLogLine> {
    const stream = await this.transport.download(api.endpoints.followLogs, { params: this.params(name), query });
    signal?.addEventListener('abort', () => stream.destroy(), { once: true });
    for await (const event of parseSse(stream as AsyncIterable<Buffer>)) {
      if ((event.event as string) === 'line') yield event.data as unknown as EndpointLogLine;
    }
  }

  /** The primary and secondary keys. */
  keys(name: string): Promise<OutputOf<typeof api.endpoints.keys>> {
    return this.transport.call(api.endpoints.keys, { params: this.params(name) });
  }

  /** Replaces one key; answers both. */
  regenerateKey(name: string, key: 'primary' | 'secondary'): Promise<OutputOf<typeof api.endpoints.keys>> {
    return this.transport.call(api.endpoints.regenerateKey, { params: this.params(name), body: { key } });
  }

  /** A short-lived scoring token (endpoints with token auth). */
  token(name: string): Promise<OutputOf<typeof api.endpoints.token>> {
    return this.transport.call(api.endpoints.token, { params: this.params(name) });
  }

  /** Telemetry per deployment. */
  async metrics(name: string): Promise<OutputOf<typeof api.endpoints.metrics>['items']> {
    return (await this.transport.call(api.endpoints.metrics, { params: this.params(name) })).items;
  }

  /** Prometheus text of the workspace's endpoints, or of one. */
  async prometheus(endpoint?: string): Promise<string> {
    const stream = await this.transport.download(api.endpoints.prometheus, { params: { workspace: this.workspace }, query: { endpoint } });
    const chunks: Buffer[] = [];
    for await (const chunk of stream) chunks.push(Buffer.from(chunk as Buffer));
    return Buffer.concat(chunks).toString('utf8');
  }

  /** Sampled requests and responses of deployments collecting model data. */
  async modelData(name: string, query: QueryOf<typeof api.endpoints.modelData> = {}): Promise<OutputOf<typeof api.endpoints.modelData>['items']> {
    return (await this.transport.call(api.endpoints.modelData, { params: this.params(name), query })).items;
  }

  /** Scores `body` through the gateway (by traffic, or on one deployment). */
  invoke(name: string, body: string, deployment?: string): Promise<OutputOf<typeof api.endpoints.invoke>> {
    return this.transport.call(api.endpoints.invoke, { params: this.params(name), body: { body, ...(deployment ? { deployment } : {}) } });
  }
}
