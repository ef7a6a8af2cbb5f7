/** Dataset rules: versions by content, lineage from runs, deletes refused while used, tabular profiles as jobs. */
import { buffer } from 'node:stream/consumers';
import { ConflictError, InputError, NotFoundError, type CreateDataset, type Dataset, type DatasetDetail, type DatasetFile, type DatasetProfile } from '@cairn/api';
import type { Principal } from '../auth/principal.js';
import type { DatastoreService } from '../datastores/datastore-service.js';
import type { WorkspaceRef } from '../http/implement.js';
import type { DatasetRecord, DatasetStore } from './dataset-store.js';
import { fingerprintOf, matchFiles } from './match-files.js';
import { isParquetPath, readTable, toCsv } from './tables.js';
import { runProfileJob } from './profile-job.js';

const SAMPLE = 10;

type Create = Omit<CreateDataset, 'kind' | 'description'> & { kind: 'file' | 'tabular'; description: string };

export class DatasetService {
  private readonly jobs = new Set<Promise<void>>();

  constructor(
    private readonly store: DatasetStore,
    private readonly datastores: DatastoreService,
    private readonly now: () => number = Date.now,
  ) {}

  /** Records the files a path or glob matches now; identical files return the existing version. */
  async create(workspace: WorkspaceRef, principal: Principal, input: Create): Promise<Dataset & { created: boolean }> {
    const { record: ds, store } = await this.datastores.open(workspace, input.datastore);
    // Local directories can change in place without a new mtime granularity tick; hash their content.
    const files = await matchFiles(store, input.path, ds.type === 'local', ds.name);
    const separator = input.kind === 'tabular' && !isParquetPath(input.path) ? input.separator ?? (/\.tsv$/i.test(input.path) ? '\t' : ',') : null;
    const { record, created } = await this.store.insertVersion({
      workspaceId: workspace.id, name: input.name, kind: input.kind, datastoreId: ds.id, path: input.path, separator,
      description: input.description, fingerprint: fingerprintOf(files), fileCount: files.length, size: files.reduce((n, f) => n + f.size, 0),
      createdBy: principal.user, createdAt: this.now(),
    }, files);
    if (created && record.kind === 'tabular') this.track(runProfileJob(this.store, record, files, store, this.now));
    return { ...toDataset(record), created };
  }

  /** Versions, newest first. */
  async list(workspace: WorkspaceRef, name?: string): Promise<Dataset[]> {
    return (await this.store.list(workspace.id, name)).map(toDataset);
  }

  /** `N` (latest) or `N:V`, with a sample of paths, the profile and lineage. */
  async detail(workspace: WorkspaceRef, ref: string): Promise<DatasetDetail> {
    const record = await this.resolve(workspace, ref);
    const files = await this.store.files(record.id);
    const profile = record.profile ? (JSON.parse(record.profile) as DatasetProfile) : null;
    return { ...toDataset(record), sample: files.slice(0, SAMPLE).map((f) => f.path), lineage: await this.store.runs(record.id), profile };
  }

  /** Every recorded file of a version. */
  async files(workspace: WorkspaceRef, ref: string): Promise<DatasetFile[]> {
    return this.store.files((await this.resolve(workspace, ref)).id);
  }

  /** A tabular version's rows as one CSV, Parquet converted: for clients with no Parquet reader (Debian has no pyarrow). */
  async csv(workspace: WorkspaceRef, ref: string): Promise<string> {
    const record = await this.resolve(workspace, ref);
    if (record.kind !== 'tabular') throw new InputError('INVALID_INPUT', `${record.name}:${record.version} is a file dataset; only tabular datasets have rows`);
    const { store } = await this.datastores.open(workspace, record.datastore);
    const tables = [];
    for (const file of await this.store.files(record.id)) tables.push(await readTable(await buffer(await store.get(file.path)), file.path, record.separator));
    return toCsv(tables);
  }

  /** Paths added, removed and changed (size, etag or hash) from one version to another. */
  async diff(workspace: WorkspaceRef, from: string, to: string) {
    const [a, b] = await Promise.all([this.resolve(workspace, from), this.resolve(workspace, to)]);
    const before = new Map((await this.store.files(a.id)).map((f) => [f.path, f]));
    const after = await this.store.files(b.id);
    const added: string[] = [];
    const changed: string[] = [];
    let unchanged = 0;
    for (const f of after) {
      const old = before.get(f.path);
      before.delete(f.path);
      if (!old) added.push(f.path);
      else if (old.size !== f.size || old.etag !== f.etag || old.sha256 !== f.sha256) changed.push(f.path);
      else unchanged++;
    }
    return { from: `${a.name}:${a.version}`, to: `${b.name}:${b.version}`, added, removed: [...before.keys()], changed, unchanged };
  }

  /** Deletes a version unless runs read or wrote it. */
  async delete(workspace: WorkspaceRef, name: string, version: number): Promise<void> {
    const record = await this.resolve(workspace, `${name}:${version}`);
    const runs = [...new Set((await this.store.runs(record.id)).map((l) => l.runId))];
    if (runs.length > 0) throw new ConflictError('DATASET_IN_USE', `dataset ${name}:${version} was used by runs ${runs.join(', ')}`, { runs });
    await this.store.delete(record.id);
  }

  /** Records that a run read or wrote a version. */
  async linkRun(workspace: WorkspaceRef, ref: string, runId: string, direction: 'input' | 'output', name: string): Promise<Dataset> {
    const record = await this.resolve(workspace, ref);
    await this.store.linkRun(record.id, { runId, direction, name });
    return toDataset(record);
  }

  /** Resolves `N` or `N:V`. */
  async resolve(workspace: WorkspaceRef, ref: string): Promise<DatasetRecord> {
    const at = ref.lastIndexOf(':');
    const version = at > 0 && /^\d+$/.test(ref.slice(at + 1)) ? Number(ref.slice(at + 1)) : undefined;
    const name = version === undefined ? ref : ref.slice(0, at);
    const record = await this.store.get(workspace.id, name, version);
    if (!record) throw new NotFoundError('DATASET_NOT_FOUND', `no dataset ${ref} in workspace ${workspace.name}; list them with \`cairn dataset list\``);
    return record;
  }

  /** Resolves when every profile job started so far has ended (tests and shutdown wait on it). */
  async idle(): Promise<void> {
    await Promise.all([...this.jobs]);
  }

  private track(job: Promise<void>): void {
    this.jobs.add(job);
    void job.finally(() => this.jobs.delete(job));
  }
}

function toDataset(r: DatasetRecord): Dataset {
  return {
    id: `${r.name}:${r.version}`, name: r.name, version: r.version, kind: r.kind, datastore: r.datastore, path: r.path, separator: r.separator,
    description: r.description, fileCount: r.fileCount, size: r.size, createdAt: r.createdAt, createdBy: r.createdBy,
  };
}
