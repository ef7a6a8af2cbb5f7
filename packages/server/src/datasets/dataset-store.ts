/** Where dataset versions, their files and their run lineage are kept. */
import type { DatasetFile } from '@cairn/api';

export interface DatasetRecord {
  id: number;
  workspaceId: number;
  name: string;
  version: number;
  kind: 'file' | 'tabular';
  datastoreId: number;
  datastore: string;
  path: string;
  separator: string | null;
  description: string;
  fingerprint: string;
  fileCount: number;
  size: number;
  createdBy: string;
  createdAt: number;
  profile: string | null;
}

export type NewDataset = Omit<DatasetRecord, 'id' | 'version' | 'datastore' | 'profile'>;

export interface DatasetRunLink {
  runId: string;
  direction: 'input' | 'output';
  name: string;
}

export interface DatasetStore {
  /** Inserts the next version with its files in one transaction, unless the latest has the same fingerprint. */
  insertVersion(dataset: NewDataset, files: DatasetFile[]): Promise<{ record: DatasetRecord; created: boolean }>;
  get(workspaceId: number, name: string, version?: number): Promise<DatasetRecord | null>;
  list(workspaceId: number, name?: string): Promise<DatasetRecord[]>;
  files(datasetId: number): Promise<DatasetFile[]>;
  setProfile(datasetId: number, profile: string): Promise<void>;
  runs(datasetId: number): Promise<DatasetRunLink[]>;
  linkRun(datasetId: number, link: DatasetRunLink): Promise<void>;
  delete(datasetId: number): Promise<void>;
}
