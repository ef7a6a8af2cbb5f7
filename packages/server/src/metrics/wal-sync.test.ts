import { fstatSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql, type Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openMetadataDb, type MetadataDb } from '../db/database.js';
import type { Database } from '../db/schema.js';
import { commitThenSyncWal, walDescriptor } from './wal-sync.js';

let dir: string;
let metadata: MetadataDb;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'cairn-wal-'));
  metadata = await openMetadataDb(`sqlite:${join(dir, 'cairn.db')}`);
});
afterAll(async () => {
  await metadata.close();
  rmSync(dir, { recursive: true, force: true });
});

const level = async (db: Kysely<Database>) => (await sql<{ synchronous: number }>`pragma synchronous`.execute(db)).rows[0]!.synchronous;

describe('commitThenSyncWal', () => {
  it('commits under NORMAL and gives the connection back at FULL, after success and failure alike', async () => {
    const seen = await commitThenSyncWal(metadata.db, async (conn) => {
      await conn.transaction().execute((trx) => trx.insertInto('users').values({ name: 'wal-user', created_at: 1 }).execute());
      return level(conn);
    });
    expect(seen).toBe(1);
    expect(await level(metadata.db)).toBe(2);
    await expect(commitThenSyncWal(metadata.db, async () => { throw new Error('refused'); })).rejects.toThrow('refused');
    expect(await level(metadata.db)).toBe(2);
    expect(await metadata.db.selectFrom('users').select('name').where('name', '=', 'wal-user').executeTakeFirst()).toEqual({ name: 'wal-user' });
  });

  it('fsyncs the WAL file itself, through checkpoints that truncate it', async () => {
    const insert = (name: string) => commitThenSyncWal(metadata.db, (conn) => conn.insertInto('users').values({ name, created_at: 1 }).execute());
    await insert('wal-a');
    const fd = walDescriptor(metadata.db)!;
    const wal = join(dir, 'cairn.db-wal');
    expect(fstatSync(fd).ino).toBe(statSync(wal).ino);
    await sql`pragma wal_checkpoint(TRUNCATE)`.execute(metadata.db);
    await insert('wal-b');
    expect(walDescriptor(metadata.db)).toBe(fd);
    expect(fstatSync(fd).ino).toBe(statSync(wal).ino);
    expect(fstatSync(fd).size).toBeGreaterThan(0);
  });

  it('leaves an in-memory database as it is', async () => {
    const memory = await openMetadataDb('sqlite::memory:');
    try {
      expect(await commitThenSyncWal(memory.db, (conn) => level(conn))).toBe(2);
    } finally {
      await memory.close();
    }
  });
});
