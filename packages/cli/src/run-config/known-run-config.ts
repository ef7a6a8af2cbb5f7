/**
 * Run configurations the CLI has checked: the flags of a submit without a run configuration file, and
 * what `RunConfigSchema` made of them, so that submitting with the same flags again does not load zod
 * (50-90 ms of a CLI start here, ADR 17). They are remembered per build of the contract: the bundle
 * carries a fingerprint of the contract's code (bundle.mjs), and without one (the compiled tree)
 * nothing is remembered. The server checks the run configuration again at submit either way.
 */
import { createHash } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { RunConfig } from '@cairn/api';
import { cacheDir } from '../snapshot/hash-cache.js';
import { checkScript, definedFlags, sourceDirOf, type ResolvedRunConfig, type RunConfigFlags } from './run-config-paths.js';

/** Different flag sets remembered (a user switching between a few scripts and targets). */
const KEEP = 20;

/** The fingerprint of the contract this CLI was built with; set by the bundle, absent in the compiled tree. */
function contractFingerprint(): string | undefined {
  return (globalThis as { cairnContractFingerprint?: string }).cairnContractFingerprint;
}

const fileOf = () => join(cacheDir(), 'run-configs.json');
const keyOf = (fingerprint: string, fields: object) => createHash('sha256').update(`${fingerprint}\0${JSON.stringify(fields)}`).digest('hex');

async function readKnown(): Promise<Record<string, RunConfig>> {
  try {
    return JSON.parse(await readFile(fileOf(), 'utf8')) as Record<string, RunConfig>;
  } catch {
    return {};
  }
}

/** The flags' run configuration as checked before, resolved; null when these flags were not checked yet (or a file is given). */
export async function knownRunConfig(flags: RunConfigFlags, cwd = process.cwd()): Promise<ResolvedRunConfig | null> {
  const fingerprint = contractFingerprint();
  if (!fingerprint || flags.runConfig !== undefined) return null;
  const known = (await readKnown())[keyOf(fingerprint, definedFlags(flags))];
  if (!known) return null;
  const sourceDir = await sourceDirOf(flags, cwd);
  return { sourceDir, runConfig: { ...known, script: await checkScript(known.script, sourceDir) }, file: null };
}

/** Remembers what the schema made of a run configuration given by flags alone; a failure to write is only a miss later. */
export async function rememberRunConfig(fields: object, parsed: RunConfig): Promise<void> {
  const fingerprint = contractFingerprint();
  if (!fingerprint) return;
  const key = keyOf(fingerprint, fields);
  const kept = Object.entries(await readKnown()).filter(([k]) => k !== key).slice(-(KEEP - 1));
  const file = fileOf();
  const temp = `${file}.${process.pid}.tmp`;
  await mkdir(cacheDir(), { recursive: true })
    .then(() => writeFile(temp, JSON.stringify(Object.fromEntries([...kept, [key, parsed]]))))
    .then(() => rename(temp, file))
    .catch(() => undefined);
}
