/** `cairn environment create|list|show|build`: versioned Python environments of a workspace. */
import { SYSTEM_ENVIRONMENT, type EnvironmentBuild, type EnvironmentSummary, type EnvironmentVersion } from '@cairn/api';
import type { WorkspaceClient } from '@cairn/sdk';
import type { Command } from 'commander';
import { connect } from '../context.js';
import { UsageError } from '../errors.js';
import { formatTime } from '../format.js';
import { note, printData, withOutput } from '../output.js';
import { renderFields, renderTable } from '../table.js';
import { buildLocally, defaultRunnerCache } from './environment-build.js';
import { readEnvironmentFile } from './environment-file.js';

/** Registers the environment subcommands. */
export function register(command: Command): void {
  withOutput(command.command('create').argument('<name>').description('Create the next version of an environment from a YAML file (identical content returns the existing version)')
    .requiredOption('-f, --file <file>', 'environment file: python: {version|interpreter}, pip: [...], pip_options: [...], conda_dependencies, environment_variables: {}, docker: {image}, system_site_packages; or a v1 conda environment.yml'))
    .action(async (name: string, o: { file: string }, cmd: Command) => create(cmd, name, o.file));
  withOutput(command.command('list').description('List environments (the built-in system one included) with their latest versions'))
    .action(async (_o: unknown, cmd: Command) => list(cmd));
  withOutput(command.command('show').argument('<ref>', 'NAME or NAME:VERSION').description('Show a version: its spec, content hash and builds')
    .option('--log', 'print the log of the latest build'))
    .action(async (ref: string, o: { log?: boolean }, cmd: Command) => show(cmd, ref, o.log === true));
  withOutput(command.command('build').argument('<ref>', 'NAME or NAME:VERSION').description('Build the environment on this machine now (the cache local runs use), streaming its log, and record the build')
    .option('--cache-dir <dir>', 'runner cache to build into (default $CAIRN_RUNNER_CACHE, else ~/.cairn/runner-cache)'))
    .action(async (ref: string, o: { cacheDir?: string }, cmd: Command) => build(cmd, ref, o.cacheDir ?? defaultRunnerCache()));
}

/** `NAME[:V]` split, refusing anything else before any request. */
export function parseRef(ref: string): { name: string; version: number | null } {
  const match = /^([^:]+)(?::(\d+|latest))?$/.exec(ref);
  if (!match) throw new UsageError(`invalid environment reference ${JSON.stringify(ref)}: use NAME or NAME:VERSION`);
  return { name: match[1]!, version: match[2] === undefined || match[2] === 'latest' ? null : Number(match[2]) };
}

/** The version a reference names: that version, or the newest. */
export async function fetchVersion(workspace: WorkspaceClient, ref: string): Promise<EnvironmentVersion> {
  const { name, version } = parseRef(ref);
  if (name === SYSTEM_ENVIRONMENT) throw new UsageError(`${SYSTEM_ENVIRONMENT} is the node's Python as is: there is nothing to show or build`);
  if (version !== null) return workspace.environments.get(name, version);
  return (await workspace.environments.versions(name))[0]!;
}

async function create(cmd: Command, name: string, file: string): Promise<void> {
  const definition = await readEnvironmentFile(file);
  const { workspace } = await connect(cmd);
  const { environment, created } = await workspace.environments.create(name, definition);
  const id = `${environment.name}:${environment.version}`;
  if (created) note(`Created environment ${id} (hash ${environment.hash.slice(0, 12)}) in workspace ${workspace.name}`);
  else note(`Environment ${id} already has this content: no new version created; use ${id}`);
  printData(cmd, { environment, created }, (d) => versionFields(d.environment));
}

/** Environments as a table. */
export function environmentTable(items: EnvironmentSummary[], now = Date.now()): string {
  return renderTable(['NAME', 'LATEST', 'VERSIONS', 'HASH', 'UPDATED'], items.map((e) => [
    e.name, e.builtIn ? '-' : String(e.latestVersion), e.builtIn ? '-' : String(e.versionCount), e.builtIn ? "(the node's Python as is)" : e.hash.slice(0, 12), formatTime(e.updatedAt, now),
  ]));
}

async function list(cmd: Command): Promise<void> {
  const { workspace } = await connect(cmd);
  printData(cmd, await workspace.environments.list(), environmentTable);
}

function listed(items: string[]): string {
  return items.length === 0 ? '-' : items.join(' ');
}

/** One version as labelled fields. */
export function versionFields(v: EnvironmentVersion, now = Date.now()): string {
  const python = v.python.interpreter ?? (v.python.version ? `Python ${v.python.version}` : "the node's Python");
  const last = v.lastBuild;
  return renderFields([
    ['name', `${v.name}:${v.version}`], ['hash', v.hash], ['python', python], ['pip', listed(v.pip)], ['pip options', listed(v.pipOptions)],
    ['conda', v.conda ? listed(v.conda.dependencies) : '-'], ['variables', listed(Object.entries(v.variables).map(([k, val]) => `${k}=${val}`))],
    ['docker image', v.docker ? `${v.docker.image} (recorded; the local runner does not use it)` : '-'], ['system site packages', v.systemSitePackages ? 'yes' : 'no'],
    ['created', `${formatTime(v.createdAt, now)}${v.createdBy ? ` by ${v.createdBy}` : ''}`],
    ['last build', last ? `${last.status} on ${last.node}, ${formatTime(last.createdAt, now)}` : 'never built'],
  ]);
}

/** Builds as a table. */
export function buildTable(items: EnvironmentBuild[], now = Date.now()): string {
  return renderTable(['BUILD', 'STATUS', 'NODE', 'RUN', 'TOOK', 'WHEN'], items.map((b) => [
    String(b.id), b.reused ? `${b.status} (reused)` : b.status, b.node, b.runId ?? '-', `${(b.durationMs / 1000).toFixed(1)} s`, formatTime(b.createdAt, now),
  ]));
}

async function show(cmd: Command, ref: string, withLog: boolean): Promise<void> {
  const { workspace } = await connect(cmd);
  const version = await fetchVersion(workspace, ref);
  const builds = await workspace.environments.builds(version.name, version.version);
  printData(cmd, { ...version, builds }, (d) => `${versionFields(d)}${builds.length > 0 ? `\n${buildTable(builds)}` : ''}`);
  if (!withLog) return;
  if (builds.length === 0) return note(`${version.name}:${version.version} has no build yet; build it with \`cairn environment build ${version.name}:${version.version}\``);
  note(`--- log of build ${builds[0]!.id} (${builds[0]!.status}) ---`);
  for await (const chunk of await workspace.environments.buildLog(version.name, version.version, builds[0]!.id)) process.stderr.write(chunk as Buffer);
}

async function build(cmd: Command, ref: string, cacheDir: string): Promise<void> {
  const { workspace } = await connect(cmd);
  const version = await fetchVersion(workspace, ref);
  const record = await buildLocally(workspace, version, cacheDir, (line) => note(line));
  printData(cmd, record, (b) => buildTable([b]));
}
