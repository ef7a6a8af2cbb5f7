import { fstatSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openMetadataDb, type MetadataDb } from '../db/database.js';
import { WalSync } from './wal-sync.js';

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

const level = () => metadata.sqlite!.pragma('synchronous', { simple: true });

describe('WalSync', () => {
  it('runs work under NORMAL and gives the connection back at FULL, after success and failure alike', async () => {
    const wal = WalSync.of(metadata.sqlite!)!;
    const seen = await wal.underNormal(async () => {
      await metadata.db.insertInto('users').values({ name: 'wal-user', created_at: 1 }).execute();
      return level();
    });
    expect(seen).toBe(1);
    expect(level()).toBe(2);
    await expect(wal.underNormal(async () => { throw new Error('refused'); })).rejects.toThrow('refused');
    expect(level()).toBe(2);
    expect(await metadata.db.selectFrom('users').select('name').where('name', '=', 'wal-user').executeTakeFirst()).toEqual({ name: 'wal-user' });
  });

  it('fsyncs the WAL file itself, through checkpoints that truncate it', async () => {
    const wal = WalSync.of(metadata.sqlite!)!;
    const insert = async (name: string) => {
      await wal.underNormal(() => metadata.db.insertInto('users').values({ name, created_at: 1 }).execute());
      await wal.sync();
    };
    await insert('wal-a');
    const fd = wal.descriptor!;
    const file = join(dir, 'cairn.db-wal');
    expect(fstatSync(fd).ino).toBe(statSync(file).ino);
    metadata.sqlite!.pragma('wal_checkpoint(TRUNCATE)');
    await insert('wal-b');
    expect(wal.descriptor).toBe(fd);
    expect(fstatSync(fd).ino).toBe(statSync(file).ino);
    expect(fstatSync(fd).size).toBeGreaterThan(0);
  });

  it('has nothing to sync on an in-memory database', async () => {
    const memory = await openMetadataDb('sqlite::memory:');
    try {
      expect(WalSync.of(memory.sqlite!)).toBeNull();
    } finally {
      await memory.close();
    }
  });
});
