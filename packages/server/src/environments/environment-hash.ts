/** The content hash of an environment: what decides which virtualenv on a node serves a version. */
import { createHash } from 'node:crypto';
import type { EnvironmentDefinition } from '@cairn/api';

const squash = (line: string): string => line.trim().replace(/\s+/g, ' ');

/**
 * The definition in one canonical shape: whitespace normalised, empty parts dropped, variables in key
 * order. Pip lines keep their order, since pip resolves them in order.
 */
export function canonicalDefinition(d: EnvironmentDefinition): EnvironmentDefinition {
  const python: EnvironmentDefinition['python'] = {};
  if (d.python.interpreter?.trim()) python.interpreter = d.python.interpreter.trim();
  if (d.python.version?.trim()) python.version = d.python.version.trim();
  const conda = d.conda && (d.conda.dependencies.length > 0 || d.conda.channels.length > 0)
    ? { channels: d.conda.channels.map(squash), dependencies: d.conda.dependencies.map(squash) }
    : null;
  return {
    python,
    pip: d.pip.map(squash).filter((l) => l !== ''),
    pipOptions: d.pipOptions.map((o) => o.trim()).filter((o) => o !== ''),
    conda,
    variables: Object.fromEntries(Object.entries(d.variables).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))),
    docker: d.docker ? { image: d.docker.image.trim() } : null,
    systemSitePackages: d.systemSitePackages,
  };
}

/** JSON with object keys sorted at every level, so equal content always gives equal text. */
function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const keys = Object.keys(value).filter((k) => (value as Record<string, unknown>)[k] !== undefined).sort();
    return `{${keys.map((k) => `${JSON.stringify(k)}:${stableJson((value as Record<string, unknown>)[k])}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/** sha256 hex of the canonical definition (name and version are not part of it). */
export function environmentHash(d: EnvironmentDefinition): string {
  return createHash('sha256').update(stableJson(canonicalDefinition(d))).digest('hex');
}
