import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath, pathToFileURL } from 'node:url';
import pg from 'pg';
import { describe, expect, it, vi } from 'vitest';
import { findPostgresBinDir, startTestPostgres } from './postgres.js';

async function query<T>(url: string, sql: string): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(sql)).rows as T[];
  } finally {
    await client.end();
  }
}

describe('startTestPostgres', () => {
  it('gives each caller its own empty database', async () => {
    const postgres = await startTestPostgres();
    try {
      const first = await postgres.newDatabase();
      const second = await postgres.newDatabase();
      expect(first).not.toBe(second);
      expect(await query(first, 'select 1 as one')).toEqual([{ one: 1 }]);
      expect(await query(second, 'select 1 as one')).toEqual([{ one: 1 }]);

      await query(first, 'create table marker (id int); insert into marker values (7)');
      expect(await query(first, 'select id from marker')).toEqual([{ id: 7 }]);
      expect(await query(second, "select to_regclass('marker') as found")).toEqual([{ found: null }]);
    } finally {
      await postgres.stop();
    }
  });

  it('shares one server within a process and stops it with the last handle', async () => {
    const a = await startTestPostgres();
    const b = await startTestPostgres();
    expect(b.url).toBe(a.url);

    await a.stop();
    const database = await b.newDatabase();
    expect(await query(database, 'select 1 as one')).toEqual([{ one: 1 }]);

    await b.stop();
    await expect(query(database, 'select 1')).rejects.toThrow();
  });
});

// With CAIRN_TEST_PG set the helper never builds a cluster, and the machine may have no binaries.
describe.skipIf(process.env.CAIRN_TEST_PG)('the local cluster (skipped when CAIRN_TEST_PG is set)', () => {
  it('comes from the newest Debian version installed', async () => {
    expect(await findPostgresBinDir()).toMatch(/^\/usr\/lib\/postgresql\/\d+\/bin$/);
  });

  it('is removed by stop()', async () => {
    const child = await childWithPostgres();
    try {
      const dir = await socketDir(child.url);
      expect(existsSync(dir)).toBe(true);

      child.send('stop');
      expect(await child.nextLine()).toBe('stopped');
      expect(existsSync(dir)).toBe(false);
      await expect(query(child.url, 'select 1')).rejects.toThrow(/ECONNREFUSED/);
    } finally {
      child.kill();
    }
  });

  it('is removed when the test process is killed', async () => {
    const child = await childWithPostgres();
    try {
      const dir = await socketDir(child.url);
      expect(existsSync(dir)).toBe(true);

      child.kill();
      // Cleanup happens in a detached process we cannot await, so watch for its effect.
      await vi.waitFor(() => expect(existsSync(dir)).toBe(false), { timeout: 15_000, interval: 50 });
      await expect(query(child.url, 'select 1')).rejects.toThrow(/ECONNREFUSED/);
    } finally {
      child.kill();
    }
  });
});

describe('findPostgresBinDir', () => {
  it('says how to get PostgreSQL when there is none', async () => {
    const empty = await mkdtemp(join(tmpdir(), 'cairn-no-pg-'));
    try {
      const found = findPostgresBinDir(empty);
      await expect(found).rejects.toThrow('apt-get install -y postgresql');
      await expect(found).rejects.toThrow('CAIRN_TEST_PG=postgres://');
    } finally {
      await rm(empty, { recursive: true });
    }
  });
});

async function socketDir(url: string): Promise<string> {
  const [row] = await query<{ unix_socket_directories: string }>(url, 'show unix_socket_directories');
  return row!.unix_socket_directories;
}

// A child process that starts the helper, prints the URL, and stops the server when told to.
async function childWithPostgres() {
  const helper = pathToFileURL(fileURLToPath(new URL('./postgres.ts', import.meta.url))).href;
  const script = `
    const { startTestPostgres } = await import(${JSON.stringify(helper)});
    const postgres = await startTestPostgres();
    console.log(postgres.url);
    process.stdin.once('data', async () => { await postgres.stop(); console.log('stopped'); });
  `;
  const env = { ...process.env };
  delete env.CAIRN_TEST_PG;
  const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { env, stdio: 'pipe' });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
  const nextLine = async () => {
    const line = await lines.next();
    if (line.done) throw new Error(`child exited early: ${stderr}`);
    return line.value;
  };
  return {
    url: await nextLine(),
    nextLine,
    send: (line: string) => child.stdin.write(`${line}\n`),
    kill: () => child.kill('SIGKILL'),
  };
}
