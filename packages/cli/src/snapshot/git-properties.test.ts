import { execFileSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gitProperties, stripCredentials } from './git-properties.js';

describe('git properties', () => {
  let repo: string;
  const git = (...args: string[]) => execFileSync('git', args, { cwd: repo }).toString().trim();

  beforeAll(async () => {
    repo = await mkdtemp(join(tmpdir(), 'cairn-git-'));
    git('init', '-q', '-b', 'feature/x');
    git('config', 'user.email', 't@example.com');
    git('config', 'user.name', 'T');
    git('remote', 'add', 'origin', 'https://alice:s3cret-token@git.example.com/team/repo.git');
    await writeFile(join(repo, 'train.py'), 'print(1)\n');
    git('add', 'train.py');
    git('commit', '-q', '-m', 'first');
  });
  afterAll(async () => rm(repo, { recursive: true, force: true }));

  it('records URL without credentials, branch, commit and a clean tree under all three names', async () => {
    const commit = git('rev-parse', 'HEAD');
    const props = await gitProperties(repo, {});
    expect(props).toEqual({
      'cairn.git.repository_uri': 'https://git.example.com/team/repo.git', 'azureml.git.repository_uri': 'https://git.example.com/team/repo.git',
      'mlflow.source.git.repoURL': 'https://git.example.com/team/repo.git',
      'cairn.git.branch': 'feature/x', 'azureml.git.branch': 'feature/x', 'mlflow.source.git.branch': 'feature/x',
      'cairn.git.commit': commit, 'azureml.git.commit': commit, 'mlflow.source.git.commit': commit,
      'cairn.git.dirty': 'False', 'azureml.git.dirty': 'False',
    });
    expect(JSON.stringify(props)).not.toContain('s3cret');
  });

  it('says dirty when a file changed', async () => {
    await writeFile(join(repo, 'train.py'), 'print(2)\n');
    expect((await gitProperties(repo, {}))['azureml.git.dirty']).toBe('True');
    git('checkout', '--', 'train.py');
  });

  it('lets AZUREML_GIT_* variables win, still stripping credentials', async () => {
    const props = await gitProperties(repo, { AZUREML_GIT_REPOSITORY_URI: 'https://bob:pw@other.example/r.git', AZUREML_GIT_BRANCH: 'main', AZUREML_GIT_BUILD_ID: '42' });
    expect(props).toMatchObject({ 'azureml.git.repository_uri': 'https://other.example/r.git', 'azureml.git.branch': 'main', 'azureml.git.build_id': '42', 'cairn.git.build_id': '42' });
  });

  it('gives nothing outside a repository, and nothing breaks', async () => {
    const plain = await mkdtemp(join(tmpdir(), 'cairn-nogit-'));
    expect(await gitProperties(plain, {})).toEqual({});
    await rm(plain, { recursive: true, force: true });
  });

  it.each([
    ['https://user:pass@host/x.git', 'https://host/x.git'],
    ['https://token@host/x.git', 'https://host/x.git'],
    ['https://host/x.git', 'https://host/x.git'],
    ['git@github.com:org/repo.git', 'git@github.com:org/repo.git'],
    ['ssh://git@host:22/x.git', 'ssh://host:22/x.git'],
  ])('strips credentials from %s', (url, want) => expect(stripCredentials(url)).toBe(want));
});
