/** Environments: versions of named Python setups, and the builds nodes report for them. */
import type { EnvironmentBuildStatus, EnvironmentDefinition } from '@cairn/api';

export interface EnvironmentVersionRecord {
  id: number;
  workspaceId: number;
  name: string;
  version: number;
  hash: string;
  definition: EnvironmentDefinition;
  createdAt: number;
  createdBy: string | null;
}

export interface EnvironmentBuildRecord {
  id: number;
  environmentVersionId: number;
  version: number;
  hash: string;
  status: EnvironmentBuildStatus;
  node: string;
  runId: string | null;
  durationMs: number;
  reused: boolean;
  createdAt: number;
  /** Content-store hash of the build log. */
  logBlob: string | null;
  logBytes: number;
}

export interface NewEnvironmentVersion {
  workspaceId: number;
  name: string;
  hash: string;
  definition: EnvironmentDefinition;
  createdAt: number;
  createdBy: string | null;
}

export type NewEnvironmentBuild = Omit<EnvironmentBuildRecord, 'id'>;

/** One row per name for `list`: its latest version and how many there are. */
export interface EnvironmentNameRecord {
  latest: EnvironmentVersionRecord;
  versionCount: number;
}

export interface EnvironmentStore {
  /**
   * The version of `name` with this hash if one exists (`created: false`), else a new version numbered
   * one past the latest; atomic, so two concurrent creates never share a number.
   */
  createVersion(v: NewEnvironmentVersion): Promise<{ record: EnvironmentVersionRecord; created: boolean }>;
  /** A version, or the latest one when `version` is null. */
  findVersion(workspaceId: number, name: string, version: number | null): Promise<EnvironmentVersionRecord | null>;
  /** Every version of a name, newest first. */
  listVersions(workspaceId: number, name: string): Promise<EnvironmentVersionRecord[]>;
  /** Every name of the workspace in code-unit order. */
  listNames(workspaceId: number): Promise<EnvironmentNameRecord[]>;
  addBuild(build: NewEnvironmentBuild): Promise<EnvironmentBuildRecord>;
  /** Builds of a version, newest first. */
  listBuilds(environmentVersionId: number, limit: number): Promise<EnvironmentBuildRecord[]>;
  findBuild(environmentVersionId: number, buildId: number): Promise<EnvironmentBuildRecord | null>;
}
