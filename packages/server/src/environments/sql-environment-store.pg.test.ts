import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EnvironmentDefinition } from '@cairn/api';
import { startTestServer, testBackends, type TestServer } from '../test-support/test-server.js';
import { environmentHash } from './environment-hash.js';
import type { NewEnvironmentVersion } from './environment-store.js';
import { SqlEnvironmentStore } from './sql-environment-store.js';

const definition = (pip: string[]): EnvironmentDefinition => ({ python: {}, pip, pipOptions: ['--no-index'], conda: null, variables: { A: 'é' }, docker: { image: 'img:1' }, systemSitePackages: true });

describe.each(testBackends())('SqlEnvironmentStore on %s', (backend) => {
  let server: TestServer;
  let store: SqlEnvironmentStore;
  let ws: number;
  let other: number;
  const version = (name: string, pip: string[], workspaceId = ws): NewEnvironmentVersion => ({ workspaceId, name, hash: environmentHash(definition(pip)), definition: definition(pip), createdAt: 1_700_000_000_000, createdBy: 'owner' });

  beforeAll(async () => {
    server = await startTestServer({ backend, listen: false });
    store = new SqlEnvironmentStore(server.metadata.db);
    ws = (await server.workspaces.resolve('default')).id;
    await server.workspaces.create('other', '');
    other = (await server.workspaces.resolve('other')).id;
  });
  afterAll(async () => server.close());

  it('hands out versions 1, 2, … and returns the version holding the same hash', async () => {
    const a = await store.createVersion(version('env', ['a']));
    const b = await store.createVersion(version('env', ['b']));
    const again = await store.createVersion(version('env', ['a']));
    expect([a.record.version, a.created, b.record.version, b.created]).toEqual([1, true, 2, true]);
    expect([again.record.version, again.created]).toEqual([1, false]);
    expect(a.record.definition).toEqual(definition(['a']));
  });

  it('numbers concurrent creates without gaps or duplicates, and stores one version per hash', async () => {
    const created = await Promise.all([...Array(12).keys()].map((i) => store.createVersion(version('busy', [`pkg${i % 6}`]))));
    const versions = (await store.listVersions(ws, 'busy')).map((v) => v.version);
    expect(versions).toEqual([6, 5, 4, 3, 2, 1]);
    expect(created.filter((c) => c.created)).toHaveLength(6);
    for (const c of created) expect(c.record.definition.pip[0]).toBe((await store.findVersion(ws, 'busy', c.record.version))!.definition.pip[0]);
  });

  it('finds a version, the latest, or nothing, within one workspace', async () => {
    expect((await store.findVersion(ws, 'env', null))!.version).toBe(2);
    expect((await store.findVersion(ws, 'env', 1))!.definition.pip).toEqual(['a']);
    expect(await store.findVersion(ws, 'env', 3)).toBeNull();
    expect(await store.findVersion(other, 'env', null)).toBeNull();
    await store.createVersion(version('env', ['z'], other));
    expect((await store.findVersion(other, 'env', null))!.version).toBe(1);
  });

  it('lists names in code-unit order with the latest version and the count', async () => {
    await store.createVersion(version('Zeta', ['a']));
    const names = await store.listNames(ws);
    expect(names.map((n) => [n.latest.name, n.latest.version, n.versionCount])).toEqual([['Zeta', 1, 1], ['busy', 6, 6], ['env', 2, 2]]);
  });

  it('records builds and lists them newest first', async () => {
    const v = (await store.findVersion(ws, 'env', 1))!;
    const base = { environmentVersionId: v.id, version: 1, hash: v.hash, node: 'n1', runId: null, durationMs: 3_000_000_000, createdAt: 1, logBlob: null, logBytes: 0 };
    const first = await store.addBuild({ ...base, status: 'Failed', reused: false });
    const second = await store.addBuild({ ...base, status: 'Succeeded', reused: true, runId: 'r1', logBlob: 'ab'.repeat(32), logBytes: 10 });
    expect((await store.listBuilds(v.id, 10)).map((b) => b.id)).toEqual([second.id, first.id]);
    expect(await store.findBuild(v.id, second.id)).toEqual(second);
    expect(await store.findBuild(v.id + 1, second.id)).toBeNull();
    expect((await store.listBuilds(v.id, 1))[0]).toMatchObject({ status: 'Succeeded', reused: true, runId: 'r1', durationMs: 3_000_000_000 });
  });
});
