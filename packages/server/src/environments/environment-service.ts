import { Readable } from 'node:stream';
import {
  InputError, NotFoundError, SYSTEM_ENVIRONMENT, environmentNamePattern, environmentNameRule,
  type EnvironmentBuild, type EnvironmentDefinition, type EnvironmentSpec, type EnvironmentSummary, type EnvironmentVersion, type ReportEnvironmentBuild,
} from '@cairn/api';
import type { ContentStore } from '../blobs/content-store.js';
import type { WorkspaceRef } from '../http/implement.js';
import { canonicalDefinition, environmentHash } from './environment-hash.js';
import type { EnvironmentBuildRecord, EnvironmentStore, EnvironmentVersionRecord } from './environment-store.js';

/** `NAME` or `NAME:V`, split; V is null for "the latest". */
export function parseEnvironmentRef(ref: string): { name: string; version: number | null } {
  const match = /^(.+?)(?::(\d+|latest))?$/.exec(ref.trim());
  const name = match?.[1] ?? ref;
  const v = match?.[2];
  return { name, version: v === undefined || v === 'latest' ? null : Number(v) };
}

/** The spec a runner receives for a stored version. */
export function specOf(record: EnvironmentVersionRecord): EnvironmentSpec {
  return { ...record.definition, name: record.name, version: record.version, hash: record.hash };
}

function buildToApi(b: EnvironmentBuildRecord): EnvironmentBuild {
  return { id: b.id, version: b.version, hash: b.hash, status: b.status, node: b.node, runId: b.runId, durationMs: b.durationMs, reused: b.reused, createdAt: b.createdAt, logBytes: b.logBytes };
}

/** How many builds `versions` and `get` look at per version. */
const BUILDS_SHOWN = 20;

/** Environments of a workspace: versions by content, resolution of `NAME[:V]`, build records. */
export class EnvironmentService {
  constructor(
    private readonly store: EnvironmentStore,
    private readonly content: ContentStore,
    private readonly now: () => number = Date.now,
  ) {}

  /**
   * The spec a run's `environment` reference names: null for `system` (the node's Python as is),
   * the latest version for `NAME`, that version for `NAME:V`; ENVIRONMENT_NOT_FOUND otherwise.
   */
  async resolve(workspaceId: number, ref: string): Promise<EnvironmentSpec | null> {
    const { name, version } = parseEnvironmentRef(ref);
    if (name === SYSTEM_ENVIRONMENT && version === null) return null;
    return specOf(await this.find(workspaceId, name, version));
  }

  /** Creates the next version, or returns the version of that name with identical content. */
  async create(workspace: WorkspaceRef, name: string, definition: EnvironmentDefinition, createdBy: string | null): Promise<{ environment: EnvironmentVersion; created: boolean }> {
    if (name === SYSTEM_ENVIRONMENT) throw new InputError('INVALID_NAME', `${SYSTEM_ENVIRONMENT} is the built-in environment (the node's Python as is) and cannot be redefined; choose another name`);
    // v1 keeps these prefixes for curated environments; refusing them keeps v1 names unambiguous.
    if (/^(azureml|microsoft)/i.test(name)) throw new InputError('INVALID_NAME', `environment names starting with AzureML or Microsoft are reserved for curated environments (as in Azure ML v1); choose another name than ${name}`);
    if (!environmentNamePattern.test(name)) throw new InputError('INVALID_NAME', `invalid environment name ${JSON.stringify(name)}: use ${environmentNameRule}`);
    const canonical = canonicalDefinition(definition);
    const { record, created } = await this.store.createVersion({ workspaceId: workspace.id, name, hash: environmentHash(canonical), definition: canonical, createdAt: this.now(), createdBy });
    return { environment: await this.withBuild(record), created };
  }

  /** Every environment of the workspace, the built-in `system` first. */
  async list(workspace: WorkspaceRef): Promise<EnvironmentSummary[]> {
    const system: EnvironmentSummary = { name: SYSTEM_ENVIRONMENT, latestVersion: 1, versionCount: 1, hash: '', updatedAt: null, builtIn: true };
    const names = await this.store.listNames(workspace.id);
    return [system, ...names.map(({ latest, versionCount }) => ({ name: latest.name, latestVersion: latest.version, versionCount, hash: latest.hash, updatedAt: latest.createdAt, builtIn: false }))];
  }

  /** Every version of a name, newest first; ENVIRONMENT_NOT_FOUND when there is none. */
  async versions(workspace: WorkspaceRef, name: string): Promise<EnvironmentVersion[]> {
    const records = await this.store.listVersions(workspace.id, name);
    if (records.length === 0) await this.find(workspace.id, name, null);
    return Promise.all(records.map((r) => this.withBuild(r)));
  }

  async get(workspace: WorkspaceRef, name: string, version: number | null): Promise<EnvironmentVersion> {
    return this.withBuild(await this.find(workspace.id, name, version));
  }

  /** Records a build a node reports; the log goes to the content store. */
  async reportBuild(workspace: WorkspaceRef, name: string, version: number, report: ReportEnvironmentBuild): Promise<EnvironmentBuild> {
    const record = await this.find(workspace.id, name, version);
    if (report.hash !== record.hash) {
      throw new InputError('INVALID_INPUT', `the build reports hash ${report.hash.slice(0, 12)}… but ${name}:${version} has ${record.hash.slice(0, 12)}…; report builds of the version's own spec`);
    }
    const log = report.log ? await this.content.putStream(Readable.from([Buffer.from(report.log, 'utf8')])) : null;
    const build = await this.store.addBuild({
      environmentVersionId: record.id, version, hash: record.hash, status: report.status, node: report.node, runId: report.runId ?? null,
      durationMs: report.durationMs, reused: report.reused ?? false, createdAt: this.now(), logBlob: log?.sha256 ?? null, logBytes: log?.size ?? 0,
    });
    return buildToApi(build);
  }

  /** The builds of a version, newest first. */
  async builds(workspace: WorkspaceRef, name: string, version: number): Promise<EnvironmentBuild[]> {
    const record = await this.find(workspace.id, name, version);
    return (await this.store.listBuilds(record.id, BUILDS_SHOWN)).map(buildToApi);
  }

  /** A build's log as a stream (empty when the build reported none). */
  async buildLog(workspace: WorkspaceRef, name: string, version: number, buildId: number): Promise<Readable> {
    const record = await this.find(workspace.id, name, version);
    const build = await this.store.findBuild(record.id, buildId);
    if (!build) throw new NotFoundError('ENVIRONMENT_NOT_FOUND', `${name}:${version} has no build ${buildId}; list them with \`cairn environment show ${name}:${version}\``);
    return build.logBlob ? this.content.get(build.logBlob) : Readable.from([]);
  }

  private async withBuild(record: EnvironmentVersionRecord): Promise<EnvironmentVersion> {
    const [last] = await this.store.listBuilds(record.id, 1);
    return { ...specOf(record), createdAt: record.createdAt, createdBy: record.createdBy, lastBuild: last ? buildToApi(last) : null };
  }

  /** The stored version, or ENVIRONMENT_NOT_FOUND saying how to see the available ones. */
  private async find(workspaceId: number, name: string, version: number | null): Promise<EnvironmentVersionRecord> {
    const record = await this.store.findVersion(workspaceId, name, version);
    if (record) return record;
    const what = version === null ? `no environment named ${name}` : `no version ${version} of environment ${name}`;
    throw new NotFoundError('ENVIRONMENT_NOT_FOUND', `${what}; list them with \`cairn environment list\` (and \`cairn environment show ${name}\` for its versions), or use \`system\` for the node's Python`, { name, version });
  }
}
