/**
 * The CLI config file (`$CAIRN_CONFIG`, else `~/.cairn/config.json`): where the server is, the token,
 * the default workspace. `cairn server` writes it on first start, `cairn login` and `cairn workspace use`
 * update it; `CAIRN_URL`, `CAIRN_TOKEN` and `CAIRN_WORKSPACE` override what it says.
 */
import { randomBytes } from 'node:crypto';
import { chmod, mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';

/** A config file that cannot be used as it is; the message names the file and what is wrong. */
export class CliConfigError extends Error {
  readonly code = 'INVALID_CONFIG';
  constructor(message: string) {
    super(message);
    this.name = 'CliConfigError';
  }
}

/** What the config file holds. */
export interface CliConfig {
  url: string;
  token: string;
  workspace: string;
}

/** Where to look: the file path, and the environment to read overrides from. */
export interface CliConfigOptions {
  path?: string;
  env?: NodeJS.ProcessEnv;
}

/** The effective config (file, then environment overrides) and the file it came from. */
export type LoadedCliConfig = Partial<CliConfig> & { path: string; fileExists: boolean };

const keys = ['url', 'token', 'workspace'] as const;
const envNames = { url: 'CAIRN_URL', token: 'CAIRN_TOKEN', workspace: 'CAIRN_WORKSPACE' } as const;

/** The path of the CLI config file: `$CAIRN_CONFIG`, else `~/.cairn/config.json`. */
export function cliConfigPath(env: NodeJS.ProcessEnv = process.env): string {
  return env.CAIRN_CONFIG || join(homedir(), '.cairn', 'config.json');
}

/** Reads the config file alone (no environment); undefined when there is none. */
export async function readCliConfigFile(path: string): Promise<Partial<CliConfig> | undefined> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  return parseCliConfig(text, path);
}

/** Parses config file text; unknown keys and non-string values are errors naming the file. */
export function parseCliConfig(text: string, path: string): Partial<CliConfig> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new CliConfigError(`config file ${path} is not valid JSON (${(error as Error).message}); fix it or delete it and run \`cairn login\``);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new CliConfigError(`config file ${path} must hold a JSON object`);
  const config: Partial<CliConfig> = {};
  for (const [key, item] of Object.entries(value)) {
    if (!(keys as readonly string[]).includes(key)) throw new CliConfigError(`config file ${path} has an unknown key "${key}" (known: ${keys.join(', ')})`);
    if (typeof item !== 'string') throw new CliConfigError(`config file ${path}: "${key}" must be a string`);
    config[key as keyof CliConfig] = item;
  }
  return config;
}

/** The effective config: the file, with `CAIRN_URL`, `CAIRN_TOKEN`, `CAIRN_WORKSPACE` taking precedence. */
export async function loadCliConfig(options: CliConfigOptions = {}): Promise<LoadedCliConfig> {
  const env = options.env ?? process.env;
  const path = options.path ?? cliConfigPath(env);
  const file = await readCliConfigFile(path);
  const loaded: LoadedCliConfig = { ...file, path, fileExists: file !== undefined };
  for (const key of keys) if (env[envNames[key]]) loaded[key] = env[envNames[key]];
  return loaded;
}

/**
 * Writes the config file (mode 0600, its directory created 0700): the token in it is a password.
 * Written to a temporary file and renamed, so a reader never sees half a file.
 */
export async function saveCliConfig(config: Partial<CliConfig>, options: CliConfigOptions = {}): Promise<string> {
  const path = options.path ?? cliConfigPath(options.env ?? process.env);
  await mkdir(dirname(path), { recursive: true, mode: 0o700 });
  const temporary = `${path}.${randomBytes(6).toString('hex')}.tmp`;
  const content = Object.fromEntries(keys.filter((k) => config[k] !== undefined).map((k) => [k, config[k]]));
  await writeFile(temporary, `${JSON.stringify(content, null, 2)}\n`, { mode: 0o600 });
  // writeFile's mode is filtered by the umask; make sure the file is 0600 whatever the umask says.
  await chmod(temporary, 0o600);
  await rename(temporary, path);
  return path;
}
