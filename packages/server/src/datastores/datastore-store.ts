/** Where registered datastores are kept. */
import type { DatastoreType } from '@cairn/api';

/** A datastore as stored: location and secret names, never a credential. */
export interface DatastoreRecord {
  id: number;
  workspaceId: number;
  name: string;
  type: DatastoreType;
  location: Record<string, string>;
  secretNames: Record<string, string>;
  isDefault: boolean;
  createdAt: number;
}

export type NewDatastore = Omit<DatastoreRecord, 'id'>;

export interface DatastoreStore {
  /** Inserts a datastore; false when the name is taken. */
  insert(datastore: NewDatastore): Promise<boolean>;
  get(workspaceId: number, name: string): Promise<DatastoreRecord | null>;
  byId(id: number): Promise<DatastoreRecord | null>;
  list(workspaceId: number): Promise<DatastoreRecord[]>;
  /** Makes one datastore the only default of its workspace. */
  setDefault(workspaceId: number, name: string): Promise<void>;
  delete(workspaceId: number, name: string): Promise<void>;
  /** `name:version` of the dataset versions that reference a datastore. */
  referencingDatasets(datastoreId: number): Promise<string[]>;
}
