/**
 * Environments: named, versioned Python setups (interpreter, pip requirements, conda packages,
 * variables, a docker image recorded for engines that have one). A version is immutable; its content
 * hash (name and version excluded) decides which virtualenv on a node serves it.
 */
import { z } from 'zod';
import { Time, WorkspaceParams } from '../common.js';
import { defineRoute } from '../route.js';

/** The name of the built-in environment: the node's Python as is. */
export const SYSTEM_ENVIRONMENT = 'system';

/** Environment names follow the experiment rule, minus "." so `NAME:V` stays unambiguous. */
export const environmentNameRule = '2-64 characters: letters, digits, "_" and "-", starting with a letter or digit';
export const environmentNamePattern = /^[a-zA-Z0-9][a-zA-Z0-9_-]{1,63}$/;
const EnvironmentName = z.string().refine((v) => environmentNamePattern.test(v), { message: `must be ${environmentNameRule}`, params: { code: 'INVALID_NAME' } });

/** Conda packages (not pip ones: those go to `pip`), installed only where `conda` exists. */
export const CondaSpec = z.object({ channels: z.array(z.string().max(512)).max(64), dependencies: z.array(z.string().max(512)).max(1000) });
export type CondaSpec = z.infer<typeof CondaSpec>;

/** What an environment is made of: everything that goes into its content hash. */
export const EnvironmentDefinition = z.object({
  python: z.object({ interpreter: z.string().max(1024).optional(), version: z.string().max(32).optional() }),
  /** pip requirement lines, in order (order matters to pip). */
  pip: z.array(z.string().max(2048)).max(2000),
  /** Extra pip arguments, e.g. `--no-index --find-links DIR`. */
  pipOptions: z.array(z.string().max(2048)).max(200),
  conda: CondaSpec.nullable().optional(),
  variables: z.record(z.string().max(255), z.string().max(32768)),
  /** Recorded for engines that run containers; the local runner does not use it. */
  docker: z.object({ image: z.string().min(1).max(1024) }).nullable(),
  systemSitePackages: z.boolean(),
});
export type EnvironmentDefinition = z.infer<typeof EnvironmentDefinition>;

/** One version of an environment, as runners receive it. */
export const EnvironmentSpec = EnvironmentDefinition.extend({
  name: z.string(),
  version: z.number().int().min(1),
  /** sha256 hex of the canonical definition; names the virtualenv on a node. */
  hash: z.string(),
});
export type EnvironmentSpec = z.infer<typeof EnvironmentSpec>;

export const EnvironmentBuildStatus = z.enum(['Succeeded', 'Failed']);
export type EnvironmentBuildStatus = z.infer<typeof EnvironmentBuildStatus>;

/** A build of an environment version on a node, reported by whoever built it (CLI or runner). */
export const EnvironmentBuild = z.object({
  id: z.number().int(),
  version: z.number().int(),
  hash: z.string(),
  status: EnvironmentBuildStatus,
  node: z.string(),
  /** The run whose preparation built it, when a runner reported it. */
  runId: z.string().nullable(),
  durationMs: z.number().int().min(0),
  /** Whether an existing virtualenv was reused (no pip run). */
  reused: z.boolean(),
  createdAt: Time,
  logBytes: z.number().int().min(0),
});
export type EnvironmentBuild = z.infer<typeof EnvironmentBuild>;

/** An environment version with when it was made and its latest build. */
export const EnvironmentVersion = EnvironmentSpec.extend({
  createdAt: Time,
  createdBy: z.string().nullable(),
  lastBuild: EnvironmentBuild.nullable(),
});
export type EnvironmentVersion = z.infer<typeof EnvironmentVersion>;

/** A row of `environment list`. */
export const EnvironmentSummary = z.object({
  name: z.string(),
  latestVersion: z.number().int(),
  versionCount: z.number().int(),
  hash: z.string(),
  updatedAt: Time.nullable(),
  builtIn: z.boolean(),
});
export type EnvironmentSummary = z.infer<typeof EnvironmentSummary>;

/** Build log bytes a report may carry: the tail of a longer log. */
export const MAX_BUILD_LOG_CHARS = 1_000_000;

export const ReportEnvironmentBuild = z.object({
  hash: z.string().regex(/^[0-9a-f]{64}$/),
  status: EnvironmentBuildStatus,
  node: z.string().min(1).max(255),
  runId: z.string().max(256).nullable().optional(),
  durationMs: z.number().int().min(0),
  reused: z.boolean().default(false),
  log: z.string().max(MAX_BUILD_LOG_CHARS),
});
export type ReportEnvironmentBuild = z.input<typeof ReportEnvironmentBuild>;

const EnvParams = WorkspaceParams.extend({ environment: EnvironmentName });
const VersionParams = EnvParams.extend({ version: z.coerce.number().int().min(1) });
const BuildParams = VersionParams.extend({ build: z.coerce.number().int().min(1) });

export const environmentRoutes = {
  list: defineRoute({
    id: 'environments.list', method: 'GET', path: '/workspaces/{workspace}/environments', summary: 'List environments (the built-in system one included) with their latest versions',
    action: 'experiments.read', params: WorkspaceParams, response: z.object({ items: z.array(EnvironmentSummary) }),
  }),
  create: defineRoute({
    id: 'environments.create', method: 'POST', path: '/workspaces/{workspace}/environments/{environment}', summary: 'Create the next version of an environment, or return the version with the same content',
    action: 'experiments.write', params: EnvParams, body: EnvironmentDefinition, response: z.object({ environment: EnvironmentVersion, created: z.boolean() }),
  }),
  versions: defineRoute({
    id: 'environments.versions', method: 'GET', path: '/workspaces/{workspace}/environments/{environment}/versions', summary: 'List the versions of an environment, newest first',
    action: 'experiments.read', params: EnvParams, response: z.object({ items: z.array(EnvironmentVersion) }),
  }),
  get: defineRoute({
    id: 'environments.get', method: 'GET', path: '/workspaces/{workspace}/environments/{environment}/versions/{version}', summary: 'Show an environment version',
    action: 'experiments.read', params: VersionParams, response: EnvironmentVersion,
  }),
  reportBuild: defineRoute({
    id: 'environments.reportBuild', method: 'POST', path: '/workspaces/{workspace}/environments/{environment}/versions/{version}/builds', summary: 'Record a build of an environment version on a node (CLI or runner)',
    action: 'runs.write', params: VersionParams, body: ReportEnvironmentBuild, response: EnvironmentBuild, status: 201,
  }),
  builds: defineRoute({
    id: 'environments.builds', method: 'GET', path: '/workspaces/{workspace}/environments/{environment}/versions/{version}/builds', summary: 'List the builds of an environment version, newest first',
    action: 'experiments.read', params: VersionParams, response: z.object({ items: z.array(EnvironmentBuild) }),
  }),
  buildLog: defineRoute({
    id: 'environments.buildLog', method: 'GET', path: '/workspaces/{workspace}/environments/{environment}/versions/{version}/builds/{build}/log', summary: 'Download the log of a build',
    action: 'experiments.read', params: BuildParams, responseKind: 'bytes',
  }),
};
