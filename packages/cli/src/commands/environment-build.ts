/** Builds an environment version on this machine, as a runner would, and records the build on the server. */
import { homedir, hostname } from 'node:os';
import { join } from 'node:path';
import { MAX_BUILD_LOG_CHARS, type EnvironmentBuild, type EnvironmentVersion } from '@cairn/api';
import { prepareEnvironment } from '@cairn/runner';
import type { WorkspaceClient } from '@cairn/sdk';

/** The cache runners on this machine use unless told otherwise (see the runner's options). */
export function defaultRunnerCache(env: NodeJS.ProcessEnv = process.env): string {
  return env.CAIRN_RUNNER_CACHE || join(env.HOME || homedir(), '.cairn', 'runner-cache');
}

/** The tail of a log that fits in one build report. */
function tailOf(lines: string[]): string {
  const text = `${lines.join('\n')}\n`;
  return text.length <= MAX_BUILD_LOG_CHARS ? text : `[earlier lines cut]\n${text.slice(text.length - MAX_BUILD_LOG_CHARS + 32)}`;
}

/**
 * Prepares the version in `cacheDir`, passing each log line to `log`, then records the build (a failed
 * one too, with pip's output) and answers the record; a failure is thrown after it is recorded.
 */
export async function buildLocally(workspace: WorkspaceClient, version: EnvironmentVersion, cacheDir: string, log: (line: string) => void): Promise<EnvironmentBuild> {
  const lines: string[] = [];
  const started = Date.now();
  const keep = (line: string): void => {
    lines.push(line);
    log(line);
  };
  const report = (status: 'Succeeded' | 'Failed', reused: boolean) => workspace.environments.reportBuild(version.name, version.version, {
    hash: version.hash, status, node: hostname(), durationMs: Date.now() - started, reused, log: tailOf(lines),
  });
  try {
    const prepared = await prepareEnvironment(version, { cacheDir, log: keep });
    return await report('Succeeded', !prepared.built);
  } catch (error) {
    await report('Failed', false);
    throw error;
  }
}
