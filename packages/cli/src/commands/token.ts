/** `cairn token create|list|revoke`. */
import { randomBytes } from 'node:crypto';
import { roles, type Role, type TokenInfo } from '@cairn/api';
import { Option, type Command } from 'commander';
import { connect, globalOptions, workspaceName } from '../context.js';
import { UsageError } from '../errors.js';
import { formatTime } from '../format.js';
import { intOption } from '../options.js';
import { note, outputFormat, printData, toJson, withOutput } from '../output.js';
import { renderTable } from '../table.js';

interface CreateOptions {
  role: Role;
  user?: string;
  allWorkspaces?: boolean;
  name?: string;
  expiresInDays?: number;
}

/** Registers the token subcommands. */
export function register(command: Command): void {
  withOutput(command.command('create').description('Create a token with a role in the workspace (-w) or in all of them'))
    .addOption(new Option('--role <role>', 'what the token may do').choices(roles).makeOptionMandatory())
    .option('--user <user>', 'who the token is for; a token carries every role its user holds (default: a new user, so the token holds only this role)')
    .option('--all-workspaces', 'the role applies in every workspace, not only -w/the default one')
    .option('--name <name>', 'a label, e.g. "ci" or "alice laptop"')
    .option('--expires-in-days <n>', 'expiry, 1-3650 days (default: never)', intOption('--expires-in-days', 1, 3650))
    .action(async (o: CreateOptions, cmd: Command) => create(cmd, o));
  withOutput(command.command('list').description('List tokens (never their secret part)'))
    .action(async (_o: unknown, cmd: Command) => list(cmd));
  command.command('revoke').argument('<id>').description('Revoke a token; it stops working at once')
    .action(async (id: string, _o: unknown, cmd: Command) => revoke(cmd, id));
}

/** Tokens as a table. */
export function tokenTable(items: TokenInfo[], now = Date.now()): string {
  const rows = items.map((t) => [
    t.id, t.name || '-', t.user, formatRoles(t.roles), formatTime(t.createdAt, now),
    formatTime(t.expiresAt, now), formatTime(t.lastUsedAt, now), t.revoked ? 'revoked' : 'active',
  ]);
  return renderTable(['ID', 'NAME', 'USER', 'ROLES', 'CREATED', 'EXPIRES', 'LAST USED', 'STATE'], rows);
}

/** Roles as `Reader on default, Owner on all workspaces`. */
export function formatRoles(list: TokenInfo['roles']): string {
  return list.map((r) => `${r.role} on ${r.workspace ?? 'all workspaces'}`).join(', ') || 'no roles';
}

async function create(cmd: Command, o: CreateOptions): Promise<void> {
  const { client, config } = await connect(cmd);
  const chosen = globalOptions(cmd).workspace;
  if (o.allWorkspaces && chosen) throw new UsageError('give either -w/--workspace or --all-workspaces, not both');
  const workspace = o.allWorkspaces ? null : workspaceName({ workspace: chosen }, config);
  const user = o.user ?? newUserName(o.role);
  const created = await client.tokens.create({ user, role: o.role, workspace, name: o.name, expiresInDays: o.expiresInDays });
  // Table output prints the bare token on stdout, so `TOKEN=$(cairn token create …)` works.
  if (outputFormat(cmd) === 'json') process.stdout.write(toJson(created));
  else process.stdout.write(`${created.token}\n`);
  note(`Created token ${created.id} for ${created.user} (${formatRoles(created.roles)})`);
  note('Copy the token now: it will not be shown again.');
}

/** A fresh user name for a token: defaulting to the caller would hand the token all of the caller's roles. */
export function newUserName(role: Role): string {
  return `${role.toLowerCase().replace(/ /g, '-')}-${randomBytes(3).toString('hex')}`;
}

async function list(cmd: Command): Promise<void> {
  const { client } = await connect(cmd);
  printData(cmd, await client.tokens.list(), tokenTable);
}

async function revoke(cmd: Command, id: string): Promise<void> {
  const { client } = await connect(cmd);
  await client.tokens.revoke(id);
  note(`Revoked token ${id}`);
}
