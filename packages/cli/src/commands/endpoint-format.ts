/** How endpoints print: a table of endpoints, one endpoint with its deployments, telemetry. */
import type { DeploymentMetrics, Endpoint } from '@cairn/api';
import { formatTime } from '../format.js';
import { renderFields, renderTable } from '../table.js';

const traffic = (e: Endpoint) => Object.entries(e.traffic).map(([d, w]) => `${d}=${w}`).join(',') || '-';

/** Endpoints as a table. */
export function endpointTable(endpoints: Endpoint[], now = Date.now()): string {
  const rows = endpoints.map((e) => [e.name, e.state, e.deployments.map((d) => d.name).join(',') || '-', traffic(e), e.auth, formatTime(e.updatedAt, now)]);
  return renderTable(['NAME', 'STATE', 'DEPLOYMENTS', 'TRAFFIC', 'AUTH', 'UPDATED'], rows);
}

/** One endpoint: its fields, then a row per deployment, then the errors of failed ones. */
export function endpointDetail(e: Endpoint, now = Date.now()): string {
  const fields = renderFields([
    ['name', e.name], ['state', e.state], ['scoring URL', e.scoringUrl], ['swagger URL', e.swaggerUrl], ['auth', e.auth],
    ['traffic', traffic(e)], ['description', e.description || '-'], ['created', `${formatTime(e.createdAt, now)} by ${e.createdBy}`],
  ]);
  const rows = e.deployments.map((d) => [
    d.name, d.state, d.models.map((m) => (m.ref === `${m.name}:${m.version}` ? m.ref : `${m.ref} (${m.name}:${m.version})`)).join(', '),
    `${d.replicas.ready}/${d.replicas.count} (min ${d.settings.minReplicas}, max ${d.settings.maxReplicas})`, String(d.generation), d.entryScript ?? '(no code)', d.environment,
  ]);
  const table = rows.length === 0 ? '' : `\n${renderTable(['DEPLOYMENT', 'STATE', 'MODELS', 'READY/REPLICAS', 'GENERATION', 'ENTRY SCRIPT', 'ENVIRONMENT'], rows)}`;
  const errors = e.deployments.filter((d) => d.error).map((d) => `\nDeployment ${d.name} (generation ${d.generation}) failed:\n${d.error}\n`).join('');
  return `${fields}${table}${errors}`;
}

/** Telemetry per deployment. */
export function metricsTable(items: DeploymentMetrics[]): string {
  const rows = items.map((m) => [
    m.deployment, String(m.requests), Object.entries(m.statusCodes).map(([c, n]) => `${c}:${n}`).join(' ') || '-',
    `${m.latencyMs.p50} / ${m.latencyMs.p95} / ${m.latencyMs.p99}`, `${m.queueWaitMs.p50} / ${m.queueWaitMs.p99}`, `${m.replicas.ready}/${m.replicas.count}`,
  ]);
  return renderTable(['DEPLOYMENT', 'REQUESTS', 'STATUS CODES', 'LATENCY MS P50/P95/P99', 'QUEUE MS P50/P99', 'READY/REPLICAS'], rows);
}
