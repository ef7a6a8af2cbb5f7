/** Builds a virtualenv: `python -m venv`, then conda packages (where conda exists), then pip. */
import { execFile } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { CairnError, type EnvironmentSpec } from '@cairn/api';
import { runCommand, type CommandResult } from './command.js';
import type { PrepareOptions } from './prepare.js';
import { baseInterpreter, onPath, pythonVersion, systemPython } from './python.js';

/** The error of a failed step, carrying the command's last lines (pip's own words). */
function buildFailed(spec: EnvironmentSpec, step: string, result: CommandResult): CairnError {
  const how = result.signal ? `was stopped by ${result.signal}` : `exited with code ${result.code}`;
  const last = result.tail.slice(-20);
  const message = `building environment ${spec.name}:${spec.version} failed: ${step} ${how}\n${last.join('\n')}`;
  return new CairnError('ENVIRONMENT_BUILD_FAILED', message, { step, exitCode: result.code, lastLines: last });
}

async function step(spec: EnvironmentSpec, name: string, command: string, args: string[], opts: PrepareOptions): Promise<void> {
  opts.log(`$ ${[command, ...args].join(' ')}`);
  const env = { ...process.env, PIP_DISABLE_PIP_VERSION_CHECK: '1', PIP_NO_INPUT: '1', PYTHONUNBUFFERED: '1' };
  const result = await runCommand(command, args, { onLine: opts.log, env, ...(opts.signal ? { signal: opts.signal } : {}) });
  if (result.code !== 0) throw buildFailed(spec, name, result);
}

/**
 * Whether the base interpreter's own pip can install into another interpreter (`pip --python`,
 * pip 22.3+). Then the virtualenv needs no pip of its own, which saves seconds per build.
 */
async function pipCanTarget(base: string): Promise<boolean> {
  const out = await promisify(execFile)(base, ['-m', 'pip', '--version']).then((r) => r.stdout, () => '');
  const [major = 0, minor = 0] = (/^pip (\d+)\.(\d+)/.exec(out) ?? []).slice(1).map(Number);
  return major > 22 || (major === 22 && minor >= 3);
}

/** Builds the environment of `spec` into `dir` (which must not exist yet). */
export async function buildVirtualenv(spec: EnvironmentSpec, dir: string, opts: PrepareOptions): Promise<void> {
  const base = baseInterpreter(spec.python, await pythonVersion(systemPython()));
  opts.log(`environment ${spec.name}:${spec.version}: building from ${base} (hash ${spec.hash.slice(0, 12)})`);
  const borrowPip = spec.pip.length > 0 && (await pipCanTarget(base));
  const venvArgs = ['-m', 'venv', ...(spec.systemSitePackages ? ['--system-site-packages'] : []), ...(borrowPip || spec.pip.length === 0 ? ['--without-pip'] : []), dir];
  await step(spec, 'python -m venv', base, venvArgs, opts);
  const python = join(dir, 'bin', 'python');
  if (spec.conda && spec.conda.dependencies.length > 0) await installConda(spec, dir, opts);
  if (spec.pip.length === 0) return;
  const requirements = join(dir, 'cairn-requirements.txt');
  await writeFile(requirements, `${spec.pip.join('\n')}\n`);
  const pip = borrowPip ? [base, ['-m', 'pip', '--python', python]] as const : [python, ['-m', 'pip']] as const;
  await step(spec, 'pip install', pip[0], [...pip[1], 'install', ...spec.pipOptions, '-r', requirements], opts);
}

/** Conda packages go into the virtualenv's prefix, and only where `conda` exists. */
async function installConda(spec: EnvironmentSpec, dir: string, opts: PrepareOptions): Promise<void> {
  const conda = onPath('conda');
  const deps = spec.conda!.dependencies;
  if (!conda) {
    throw new CairnError('ENVIRONMENT_BUILD_FAILED', `environment ${spec.name}:${spec.version} needs conda packages (${deps.join(', ')}) but conda is not installed on this node; install conda, or move the packages to pip`);
  }
  const channels = spec.conda!.channels.flatMap((c) => ['-c', c]);
  await step(spec, 'conda install', conda, ['install', '--yes', '--prefix', dir, ...channels, ...deps], opts);
}
