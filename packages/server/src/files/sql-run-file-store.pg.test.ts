import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { startTestServer, testBackends, type TestServer } from '../test-support/test-server.js';
import type { RunFileRecord } from './run-file-store.js';
import { SqlRunFileStore } from './sql-run-file-store.js';
import { insertRun } from './test-support/run-rows.js';

const hashOf = (n: number) => n.toString(16).padStart(64, '0');
const record = (runId: string, path: string, n = 1): RunFileRecord => ({ runId, path, sha256: hashOf(n), size: 3_000_000_000 + n, contentType: 'text/plain', createdAt: 1_700_000_000_000 + n });

// Code point order: upper case before lower, '-' and '.' before '/', '/' before letters, accents after ASCII.
const ordered = ['A.txt', 'B', 'a%b', 'a-b', 'a.b', 'a/b', 'a_b', 'ab', 'b/x', 'é/1', '日本/2'];

describe.each(testBackends())('SqlRunFileStore on %s', (backend) => {
  let server: TestServer;
  let store: SqlRunFileStore;
  let workspaceId: number;

  beforeAll(async () => {
    server = await startTestServer({ backend, listen: false });
    store = new SqlRunFileStore(server.metadata.db);
    workspaceId = (await server.workspaces.resolve('default')).id;
    for (const run of ['r1', 'r2', 'r3', 'doomed']) await insertRun(server.metadata.db, 'default', run);
  });
  afterAll(async () => server.close());

  it('inserts a file once and reads it back whole, sizes above 2^31 included', async () => {
    expect(await store.insert(record('r1', 'outputs/a.bin'))).toBe(true);
    expect(await store.get('r1', 'outputs/a.bin')).toEqual(record('r1', 'outputs/a.bin'));
    expect(await store.get('r1', 'outputs/none')).toBeNull();
    expect(await store.get('r2', 'outputs/a.bin')).toBeNull();
  });

  it('refuses a second insert at the same path and leaves the first as it was', async () => {
    expect(await store.insert(record('r1', 'outputs/a.bin', 2))).toBe(false);
    expect((await store.get('r1', 'outputs/a.bin'))!.sha256).toBe(hashOf(1));
  });

  it('replaces a file, or inserts it when the path is new', async () => {
    await store.replace(record('r1', 'outputs/a.bin', 3));
    await store.replace(record('r1', 'outputs/new.bin', 4));
    expect(await store.get('r1', 'outputs/a.bin')).toEqual(record('r1', 'outputs/a.bin', 3));
    expect(await store.get('r1', 'outputs/new.bin')).toEqual(record('r1', 'outputs/new.bin', 4));
  });

  it('lists in code point order, whatever the database collation', async () => {
    for (const path of [...ordered].reverse()) await store.insert(record('r2', path));
    expect((await store.list('r2')).map((f) => f.path)).toEqual(ordered);
  });

  it('lists by a plain, case-sensitive prefix where % and _ are ordinary characters', async () => {
    const under = async (prefix: string) => (await store.list('r2', { prefix })).map((f) => f.path);
    expect(await under('a')).toEqual(['a%b', 'a-b', 'a.b', 'a/b', 'a_b', 'ab']);
    expect(await under('a/')).toEqual(['a/b']);
    expect(await under('a%')).toEqual(['a%b']);
    expect(await under('a_')).toEqual(['a_b']);
    expect(await under('A')).toEqual(['A.txt']);
    expect(await under('日本')).toEqual(['日本/2']);
    expect(await under('zzz')).toEqual([]);
  });

  it('pages through a listing after a path', async () => {
    const pages: string[][] = [];
    for (let page = await store.list('r2', { limit: 4 }); page.length > 0; page = await store.list('r2', { after: page.at(-1)!.path, limit: 4 })) {
      pages.push(page.map((f) => f.path));
    }
    expect(pages).toEqual([ordered.slice(0, 4), ordered.slice(4, 8), ordered.slice(8)]);
    expect((await store.list('r2', { prefix: 'a', after: 'a.b', limit: 2 })).map((f) => f.path)).toEqual(['a/b', 'a_b']);
  });

  it('knows which runs exist in which workspace', async () => {
    await server.workspaces.create('elsewhere', '');
    await insertRun(server.metadata.db, 'elsewhere', 'far-run');
    expect(await store.runExists(workspaceId, 'r3')).toBe(true);
    expect(await store.runExists(workspaceId, 'far-run')).toBe(false);
    expect(await store.runExists(workspaceId, 'no-run')).toBe(false);
  });

  it('forgets the files of a deleted run', async () => {
    await store.insert(record('doomed', 'x.txt'));
    await server.metadata.db.deleteFrom('runs').where('id', '=', 'doomed').execute();
    expect(await store.list('doomed')).toEqual([]);
  });
});

describe.runIf(testBackends().includes('postgres'))('SqlRunFileStore on a PostgreSQL column with a linguistic collation', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ backend: 'postgres', listen: false });
    // Production clusters often default to a linguistic collation, which sorts 'B' after 'a' and ignores punctuation.
    await sql`alter table run_files alter column path type text collate "und-x-icu"`.execute(server.metadata.db);
    await insertRun(server.metadata.db, 'default', 'icu');
  });
  afterAll(async () => server.close());

  it('still lists and filters in code point order', async () => {
    const store = new SqlRunFileStore(server.metadata.db);
    for (const path of [...ordered].reverse()) await store.insert(record('icu', path));
    expect((await store.list('icu')).map((f) => f.path)).toEqual(ordered);
    expect((await store.list('icu', { prefix: 'a' })).map((f) => f.path)).toEqual(['a%b', 'a-b', 'a.b', 'a/b', 'a_b', 'ab']);
  });
});
