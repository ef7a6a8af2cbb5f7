/**
 * The server's configuration: one validated schema, filled in a fixed order —
 * flags, then `CAIRN_*` environment variables, then the config file, then defaults.
 * Unknown keys are errors.
 */
import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { z } from 'zod';
import { InputError } from '@cairn/api';

const ConfigSchema = z.strictObject({
  host: z.string().min(1).default('127.0.0.1'),
  port: z.coerce.number().int().min(0).max(65535).default(8265),
  data: z.string().min(1).default(join(homedir(), '.cairn')),
  db: z.string().min(1).optional(),
  blobs: z.string().min(1).optional(),
  logLevel: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** Largest request body for JSON routes, in bytes (file uploads stream and are not limited by it). */
  bodyLimit: z.coerce.number().int().min(1024).default(64 * 1024 * 1024),
  /** Path of the CLI config written on first start (default `$CAIRN_CONFIG` or `~/.cairn/config.json`). */
  cliConfig: z.string().min(1).optional(),
});

/** The validated configuration, with the db and blob URIs resolved. */
export type ServerConfig = Omit<z.output<typeof ConfigSchema>, 'db' | 'blobs' | 'cliConfig'> & { db: string; blobs: string; cliConfig: string };

/** Flags as the CLI passes them (any subset of the config keys, plus the config file path). */
export type ServerFlags = Partial<Record<keyof z.input<typeof ConfigSchema>, string | number>> & { config?: string };

const envNames: Record<keyof z.input<typeof ConfigSchema>, string> = {
  host: 'CAIRN_HOST', port: 'CAIRN_PORT', data: 'CAIRN_DATA', db: 'CAIRN_DB', blobs: 'CAIRN_BLOBS',
  logLevel: 'CAIRN_LOG_LEVEL', bodyLimit: 'CAIRN_BODY_LIMIT', cliConfig: 'CAIRN_CONFIG',
};

function fromEnv(env: NodeJS.ProcessEnv): Record<string, string> {
  return Object.fromEntries(Object.entries(envNames).flatMap(([key, name]) => (env[name] ? [[key, env[name]]] : [])));
}

function fromFile(path: string | undefined): Record<string, unknown> {
  if (!path) return {};
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
  } catch (error) {
    throw new InputError('INVALID_INPUT', `cannot read config file ${path}: ${(error as Error).message}`);
  }
}

function defined(values: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(values).filter(([, v]) => v !== undefined));
}

/** Resolves the configuration from flags, environment, config file and defaults, and validates it. */
export function loadConfig(flags: ServerFlags = {}, env: NodeJS.ProcessEnv = process.env): ServerConfig {
  const { config: file, ...rest } = flags;
  const merged = { ...fromFile(file ?? env.CAIRN_SERVER_CONFIG), ...fromEnv(env), ...defined(rest) };
  const parsed = ConfigSchema.safeParse(merged);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.') || '(config)'}: ${i.message}`).join('; ');
    throw new InputError('INVALID_INPUT', `invalid server configuration: ${problems}`);
  }
  const data = resolve(parsed.data.data);
  return {
    ...parsed.data,
    data,
    db: parsed.data.db ?? `sqlite:${join(data, 'cairn.db')}`,
    blobs: parsed.data.blobs ?? `file:${join(data, 'blobs')}`,
    cliConfig: parsed.data.cliConfig ?? join(homedir(), '.cairn', 'config.json'),
  };
}
