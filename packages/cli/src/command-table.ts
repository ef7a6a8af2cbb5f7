/**
 * Every `cairn` command, in one table. Each module is imported only when its command runs, so
 * `cairn run list` never loads the server and starts fast.
 */
import type { Command } from 'commander';

/** A command module: fills in its command's subcommands, options and actions. */
export interface CommandModule {
  register(command: Command): void;
}

/** A row of the command table. */
export interface CommandEntry {
  name: string;
  summary: string;
  load: () => Promise<CommandModule>;
}

/** The commands of `cairn`, in the order `cairn --help` lists them. */
export const commandTable: CommandEntry[] = [
  { name: 'server', summary: 'Start the Cairn server', load: () => import('./commands/server.js') },
  { name: 'login', summary: 'Check a server URL and token, and save them in the config file', load: () => import('./commands/login.js') },
  { name: 'workspace', summary: 'List, create, show, delete workspaces; choose the default one', load: () => import('./commands/workspace.js') },
  { name: 'experiment', summary: 'List experiments', load: () => import('./commands/experiment.js') },
  { name: 'run', summary: 'Submit scripts; search runs; show, tag, cancel them; follow logs; read metrics; download files and code', load: () => import('./commands/run.js') },
  { name: 'model', summary: 'Register models from runs or local files; list, show, download, update, delete; aliases and events', load: () => import('./commands/model.js') },
  { name: 'endpoint', summary: 'Real-time endpoints: create, deploy (rolling updates, traffic split), list, show, logs, keys, tokens, invoke, delete', load: () => import('./commands/endpoint.js') },
  { name: 'environment', summary: 'Create versioned Python environments from YAML; list, show, build them on this machine', load: () => import('./commands/environment.js') },
  { name: 'datastore', summary: 'Register datastores (local, Azure Blob, S3); list, show, set-default, delete; upload and download files', load: () => import('./commands/datastore.js') },
  { name: 'dataset', summary: 'Versioned file and tabular datasets: create, list, show (profile, lineage), diff, download, delete', load: () => import('./commands/dataset.js') },
  { name: 'compute', summary: 'Compute targets: create Slurm and SSH targets; list, show (nodes, jobs, host key), update, delete', load: () => import('./commands/compute.js') },
  { name: 'secret', summary: "Set, list and delete secrets in the workspace's vault", load: () => import('./commands/secret.js') },
  { name: 'token', summary: 'Create, list and revoke access tokens', load: () => import('./commands/token.js') },
  { name: 'studio', summary: 'Print a one-time sign-in link for the web studio (--open opens it)', load: () => import('./commands/studio.js') },
];
