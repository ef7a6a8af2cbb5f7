/**
 * Git facts about a source directory as run properties (reference §3.10): repository URL with any
 * credentials removed, branch, commit and dirty flag, under `cairn.git.*`, v1's `azureml.git.*` and
 * MLflow's names. `AZUREML_GIT_*` variables win; a missing git or a directory outside a repository
 * gives no properties, never an error.
 */
import { execFile } from 'node:child_process';
import { stat } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

type Fact = 'repository_uri' | 'branch' | 'commit' | 'dirty' | 'build_id' | 'build_uri';
type Facts = Partial<Record<Fact, string>>;

const envNames: Record<Fact, string> = {
  repository_uri: 'AZUREML_GIT_REPOSITORY_URI', branch: 'AZUREML_GIT_BRANCH', commit: 'AZUREML_GIT_COMMIT',
  dirty: 'AZUREML_GIT_DIRTY', build_id: 'AZUREML_GIT_BUILD_ID', build_uri: 'AZUREML_GIT_BUILD_URI',
};
const mlflowNames: Partial<Record<Fact, string>> = {
  repository_uri: 'mlflow.source.git.repoURL', branch: 'mlflow.source.git.branch', commit: 'mlflow.source.git.commit',
};

/** A repository URL without user or password: `https://user:token@host/x` → `https://host/x`, `git@host:x` kept. */
export function stripCredentials(url: string): string {
  try {
    const parsed = new URL(url);
    if (!parsed.username && !parsed.password) return url;
    parsed.username = '';
    parsed.password = '';
    return parsed.toString();
  } catch {
    // scp-like `user@host:path` is not a URL; its user part is a login name, not a secret.
    return url;
  }
}

async function git(dir: string, ...args: string[]): Promise<string | undefined> {
  try {
    return (await run('git', args, { cwd: dir, timeout: 10_000 })).stdout.trim();
  } catch {
    return undefined;
  }
}

/** Whether `dir` or a folder above it holds `.git`: outside a repository no git process is started at all. */
async function underGit(dir: string): Promise<boolean> {
  for (let at = resolve(dir); ; at = dirname(at)) {
    if (await stat(join(at, '.git')).then(() => true, () => false)) return true;
    if (dirname(at) === at) return false;
  }
}

async function fromGit(dir: string): Promise<Facts> {
  if ((!process.env.GIT_DIR && !(await underGit(dir))) || (await git(dir, 'rev-parse', '--is-inside-work-tree')) !== 'true') return {};
  const [url, branch, commit, status] = await Promise.all([
    git(dir, 'ls-remote', '--get-url'), git(dir, 'symbolic-ref', '--short', 'HEAD'), git(dir, 'rev-parse', 'HEAD'), git(dir, 'status', '--porcelain', '.'),
  ]);
  // Without a remote, ls-remote echoes "origin"; that names no repository.
  const repository = url && url !== 'origin' ? url : undefined;
  return { repository_uri: repository, branch, commit, dirty: status === undefined ? undefined : status === '' ? 'False' : 'True' };
}

/** The git properties of a source directory. */
export async function gitProperties(dir: string, env: NodeJS.ProcessEnv = process.env): Promise<Record<string, string>> {
  const given = Object.fromEntries(Object.entries(envNames).map(([fact, name]) => [fact, env[name] || undefined])) as Facts;
  const needGit = !given.repository_uri || !given.branch || !given.commit || !given.dirty;
  const found = needGit ? await fromGit(dir) : {};
  const properties: Record<string, string> = {};
  for (const fact of Object.keys(envNames) as Fact[]) {
    let value = given[fact] || found[fact];
    if (!value) continue;
    if (fact === 'repository_uri') value = stripCredentials(value);
    properties[`cairn.git.${fact}`] = value;
    properties[`azureml.git.${fact}`] = value;
    if (mlflowNames[fact]) properties[mlflowNames[fact]] = value;
  }
  return properties;
}
