/** How models print: a table of versions, one version as fields, its files and lineage. */
import type { Model, ModelDetail } from '@cairn/api';
import { formatBytes, formatMap, formatTime } from '../format.js';
import { renderFields, renderTable } from '../table.js';

/** Model versions as a table. */
export function modelTable(models: Model[], now = Date.now()): string {
  const rows = models.map((m) => [m.name, String(m.version), m.framework, m.runId ?? '-', m.aliases.join(',') || '-', formatBytes(m.size), formatTime(m.createdAt, now)]);
  return renderTable(['NAME', 'VERSION', 'FRAMEWORK', 'RUN', 'ALIASES', 'SIZE', 'CREATED'], rows);
}

/** One version as labelled fields. */
export function modelFields(m: Model, now = Date.now()): string {
  return renderFields([
    ['id', m.id], ['framework', m.frameworkVersion ? `${m.framework} ${m.frameworkVersion}` : m.framework], ['description', m.description || '-'],
    ['run', m.runId ? `${m.runId}${m.experiment ? ` (experiment ${m.experiment})` : ''}` : '-'], ['created', `${formatTime(m.createdAt, now)} by ${m.createdBy}`],
    ['aliases', m.aliases.join(', ') || '-'], ['tags', formatMap(m.tags)], ['properties', formatMap(m.properties)],
    ['datasets', m.datasets.join(', ') || '-'], ['files', `${m.fileCount} (${formatBytes(m.size)})`],
  ]);
}

/** A version with its files and lineage. */
export function modelDetail(m: ModelDetail, now = Date.now()): string {
  const run = m.lineage.run;
  const lineage = renderFields([
    ['run', run ? `${run.id} ${run.displayName ? `"${run.displayName}" ` : ''}(${run.status})` : '-'], ['experiment', run?.experiment ?? '-'],
    ['datasets', m.lineage.datasets.join(', ') || '-'],
    ['endpoints', m.lineage.endpoints.map((e) => `${e.endpoint}/${e.deployment}${e.active ? '' : ' (inactive)'}`).join(', ') || '-'],
  ]);
  const files = renderTable(['FILE', 'SIZE'], m.files.map((f) => [f.path, formatBytes(f.size)]));
  return `${modelFields(m, now)}\nLineage\n${lineage}\n${files}`;
}
