/**
 * SSH targets at create and load: the key secret must be in the vault, the host must answer with
 * `node` on the user's PATH, and its host key is pinned then (trust on first use); later connections
 * refuse any other key.
 */
import { z } from 'zod';
import { CairnError, InputError, SshTargetSettings } from '@cairn/api';
import { SshBackend } from '../execution/ssh/ssh-backend.js';
import { SshConnectError, sshExec } from '../execution/ssh/ssh-connection.js';
import type { RunnerBundle } from './runner-bundle.js';

/** What is stored for an SSH target: its settings, the pinned host key, and the workspace whose vault holds the key. */
export const StoredSshSettings = SshTargetSettings.extend({ hostKey: z.string().min(1), keyWorkspaceId: z.number().int() });
export type StoredSshSettings = z.infer<typeof StoredSshSettings>;

/** Reads a workspace's secret (the vault). */
export type SecretReader = (workspaceId: number, name: string) => Promise<string>;

/** Connects once with the key from the vault, checks `node`, and answers the settings with the host key pinned. */
export async function pinSshTarget(settings: SshTargetSettings, workspaceId: number, readSecret: SecretReader): Promise<StoredSshSettings> {
  const privateKey = await readSecret(workspaceId, settings.keySecret);
  const where = `${settings.user}@${settings.host}:${settings.port}`;
  let result;
  try {
    result = await sshExec({ ...settings, privateKey, hostKey: null }, 'command -v node >/dev/null && node --version || echo "no node"');
  } catch (error) {
    if (error instanceof SshConnectError) throw new CairnError('HOST_UNREACHABLE', error.message, { host: settings.host, port: settings.port });
    throw error;
  }
  if (result.stdout.includes('no node')) {
    throw new InputError('COMPUTE_SETTINGS_INVALID', `node is not on the PATH of ${where}: the runner needs Node.js 20 or later there`, { host: settings.host });
  }
  return { ...settings, hostKey: result.hostKey, keyWorkspaceId: workspaceId };
}

/** The live backend of a stored SSH target. */
export function sshBackendOf(raw: Record<string, unknown>, readSecret: SecretReader, bundle: () => Promise<RunnerBundle>): SshBackend {
  const settings = StoredSshSettings.parse(raw);
  return new SshBackend({ settings, privateKey: () => readSecret(settings.keyWorkspaceId, settings.keySecret), bundle, killAfterSeconds: 60 });
}

