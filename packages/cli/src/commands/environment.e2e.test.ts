// `cairn environment …` as a real process against a real server: create from YAML, list, show, and
// build on this machine from a directory of wheels the test makes (no PyPI), as a user would.
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeWheel } from '../../../runner/src/environment/test-support/wheels.js';
import { startTestServer, type TestServer } from '../../../server/src/test-support/test-server.js';
import { boundCairn } from '../test-support/run-cairn.js';

let server: TestServer;
let dir: string;

const { run: cairn, json } = boundCairn(() => ({ url: server.url, token: server.ownerToken, dir, env: { CAIRN_RUNNER_CACHE: join(dir, 'cache') } }));

beforeAll(async () => {
  server = await startTestServer({ logLevel: 'warn' });
  dir = await mkdtemp(join(tmpdir(), 'cairn-env-cli-'));
  await mkdir(join(dir, 'wheels'));
  makeWheel(join(dir, 'wheels'), 'tinypkg', '1.0', 'VALUE = 42\n');
  const wheels = `pip_options: [--no-index, --find-links, ${join(dir, 'wheels')}]\n`;
  await writeFile(join(dir, 'tiny.yml'), `pip: [tinypkg==1.0]\n${wheels}environment_variables: {MODE: fast}\nsystem_site_packages: true\n`);
  await writeFile(join(dir, 'broken.yml'), `pip: [tinypkg==2.0]\n${wheels}`);
  await writeFile(join(dir, 'bad.yml'), 'pip: numpy\n');
});

afterAll(async () => {
  await server?.close();
  await rm(dir, { recursive: true, force: true });
});

describe('cairn environment', () => {
  it('creates versions from YAML, and says when the content already has one', async () => {
    const created = await cairn(['environment', 'create', 'tiny', '--file', 'tiny.yml']);
    expect(created.code).toBe(0);
    expect(created.stderr).toMatch(/Created environment tiny:1 \(hash [0-9a-f]{12}\)/);
    expect(created.stdout).toMatch(/pip:\s+tinypkg==1.0/);
    const again = await cairn(['environment', 'create', 'tiny', '--file', 'tiny.yml']);
    expect(again.stderr).toContain('Environment tiny:1 already has this content: no new version created');
    expect((await json(['environment', 'create', 'broken', '--file', 'broken.yml'])).environment.version).toBe(1);
  });

  it('refuses a bad file before any request, naming the field', async () => {
    const bad = await cairn(['environment', 'create', 'bad', '--file', 'bad.yml']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('error INVALID_ENVIRONMENT_FILE: bad.yml: field pip: must be a list');
  });

  it('lists the built-in system environment and the created ones', async () => {
    expect((await json(['environment', 'list'])).map((e: any) => [e.name, e.latestVersion])).toEqual([['system', 1], ['broken', 1], ['tiny', 1]]);
    const table = await cairn(['environment', 'list']);
    expect(table.stdout).toMatch(/system\s+-\s+-\s+\(the node's Python as is\)/);
  });

  it('builds on this machine streaming pip, records the build, and reuses it the second time', async () => {
    const first = await cairn(['environment', 'build', 'tiny', '-o', 'json']);
    expect(first.code).toBe(0);
    expect(first.stderr).toContain('Successfully installed tinypkg-1.0');
    expect(JSON.parse(first.stdout)).toMatchObject({ status: 'Succeeded', reused: false, version: 1 });
    const second = await json(['environment', 'build', 'tiny:1']);
    expect(second).toMatchObject({ status: 'Succeeded', reused: true });
    const shown = await json(['environment', 'show', 'tiny']);
    expect(shown).toMatchObject({ name: 'tiny', version: 1, systemSitePackages: true, variables: { MODE: 'fast' }, lastBuild: { id: second.id } });
    expect(shown.builds.map((b: any) => b.reused)).toEqual([true, false]);
  });

  it('fails a build with pip own words, and show --log displays them', async () => {
    const failed = await cairn(['environment', 'build', 'broken']);
    expect(failed.code).toBe(1);
    expect(failed.stderr).toContain('error ENVIRONMENT_BUILD_FAILED');
    expect(failed.stderr).toContain('No matching distribution found for tinypkg==2.0');
    const shown = await cairn(['environment', 'show', 'broken:1', '--log']);
    expect(shown.stdout).toMatch(/last build:\s+Failed/);
    expect(shown.stderr).toContain('No matching distribution found for tinypkg==2.0');
  });

  it('answers ENVIRONMENT_NOT_FOUND with exit 3', async () => {
    const missing = await cairn(['environment', 'show', 'ghost:2']);
    expect(missing.code).toBe(3);
    expect(missing.stderr).toContain('error ENVIRONMENT_NOT_FOUND');
  });
});
