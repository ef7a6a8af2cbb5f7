// A real PostgreSQL for tests. CAIRN_TEST_PG points at an existing server; otherwise a throwaway
// cluster is built from Debian's binaries in a temp dir. Either way each suite takes its own
// database from newDatabase(), so suites never see each other's rows.
import { execFile, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { access, appendFile, chown, mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { createServer, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';

/** A PostgreSQL server for tests; every caller in one process shares the same server. */
export interface TestPostgres {
  /** URL of the server's maintenance database: create databases with it, keep test data out. */
  url: string;
  /** Creates an empty, uniquely named database and returns its URL. */
  newDatabase(): Promise<string>;
  /** Releases this handle; the last release stops the server and removes what it created. */
  stop(): Promise<void>;
}

interface Server {
  url: string;
  newDatabase(): Promise<string>;
  close(): Promise<void>;
}

const DEBIAN_ROOT = '/usr/lib/postgresql';
const run = promisify(execFile);

// One server per process: starting one per suite would cost a second each for nothing.
let shared: { server: Promise<Server>; handles: number } | undefined;

/** Starts (or joins) this process's test PostgreSQL; see the file comment for where it comes from. */
export async function startTestPostgres(): Promise<TestPostgres> {
  if (!shared) {
    const entry = { server: launch(), handles: 0 };
    entry.server.catch(() => { if (shared === entry) shared = undefined; });
    shared = entry;
  }
  const entry = shared;
  // Counted before waiting, so an early stop() by another caller cannot close a server still starting for us.
  entry.handles += 1;
  const server = await entry.server;
  let released = false;
  return {
    url: server.url,
    newDatabase: () => server.newDatabase(),
    async stop() {
      if (released) return;
      released = true;
      entry.handles -= 1;
      if (entry.handles > 0) return;
      if (shared === entry) shared = undefined;
      await server.close();
    },
  };
}

/** Returns Debian's newest `/usr/lib/postgresql/<version>/bin`, or throws an Error saying how to get one. */
export async function findPostgresBinDir(root = DEBIAN_ROOT): Promise<string> {
  const versions = (await readdir(root).catch(() => [] as string[])).filter((name) => /^\d+$/.test(name));
  versions.sort((a, b) => Number(b) - Number(a));
  for (const version of versions) {
    const bin = join(root, version, 'bin');
    if (await exists(join(bin, 'initdb')) && await exists(join(bin, 'pg_ctl'))) return bin;
  }
  throw new Error(
    `PostgreSQL tests need a PostgreSQL server: CAIRN_TEST_PG is not set and there is no ${root}/<version>/bin/initdb.\n` +
      'Fix it in one of two ways:\n' +
      '  - install the server (Debian/Ubuntu, as root): apt-get install -y postgresql\n' +
      '  - or use a server where you may create databases: export CAIRN_TEST_PG=postgres://user:password@host:5432/postgres',
  );
}

async function launch(): Promise<Server> {
  const external = process.env.CAIRN_TEST_PG;
  return external ? externalServer(external) : localCluster();
}

function externalServer(url: string): Server {
  if (!/^postgres(ql)?:\/\//.test(url)) throw new Error(`CAIRN_TEST_PG must be a postgres:// URL, got "${url}"`);
  const created: string[] = [];
  return {
    url,
    async newDatabase() {
      const name = await createDatabase(url);
      created.push(name);
      return databaseUrl(url, name);
    },
    // Someone else's server: leave it as we found it.
    close: () => adminQueries(url, created.map((name) => `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)),
  };
}

async function localCluster(): Promise<Server> {
  const bin = await findPostgresBinDir();
  const asOwner = await clusterOwner();
  const dir = await mkdtemp(join(tmpdir(), 'cairn-pg-'));
  try {
    await asOwner.own(dir);
    const data = join(dir, 'data');
    const initdb = ['-D', data, '-U', 'postgres', '--auth=trust', '--no-sync', '--no-locale', '-E', 'UTF8'];
    await run(...asOwner.command(join(bin, 'initdb'), initdb), { cwd: dir });
    await appendFile(join(data, 'postgresql.conf'), clusterSettings(dir));
    const pgCtl = (...args: string[]) => asOwner.command(join(bin, 'pg_ctl'), ['-D', data, ...args]);
    const port = await startOnFreePort(dir, pgCtl);
    const url = `postgres://postgres@127.0.0.1:${port}/postgres`;
    const cleanUpAfterExit = watchdog(dir, pgCtl('-m', 'immediate', 'stop'));
    return {
      url,
      newDatabase: async () => databaseUrl(url, await createDatabase(url)),
      async close() {
        await run(...pgCtl('-m', 'immediate', '-w', 'stop'), { cwd: dir });
        await rm(dir, { recursive: true, force: true });
        cleanUpAfterExit.end();
      },
    };
  } catch (error) {
    await rm(dir, { recursive: true, force: true });
    throw error;
  }
}

// PostgreSQL refuses to run as root, so as root the cluster belongs to Debian's `postgres` user.
async function clusterOwner() {
  const direct = {
    own: async (_dir: string) => {},
    command: (file: string, args: string[]) => [file, args] as [string, string[]],
  };
  if (process.getuid?.() !== 0) return direct;
  const id = (flag: string) => run('id', [flag, 'postgres']).then(({ stdout }) => Number(stdout.trim()));
  const [uid, gid] = await Promise.all([id('-u'), id('-g')]).catch(() => {
    throw new Error(
      'Running as root, and PostgreSQL will not run as root, but there is no "postgres" user: apt-get install -y postgresql creates it.',
    );
  });
  return {
    own: (dir: string) => chown(dir, uid, gid),
    command: (file: string, args: string[]) => ['runuser', ['-u', 'postgres', '--', file, ...args]] as [string, string[]],
  };
}

function clusterSettings(dir: string): string {
  // Durability is pointless for a cluster deleted after the run; turning it off makes DDL fast.
  return [
    "listen_addresses = '127.0.0.1'",
    `unix_socket_directories = '${dir}'`,
    'fsync = off',
    'synchronous_commit = off',
    'full_page_writes = off',
    '',
  ].join('\n');
}

// Another process can take the port between our probe and the server's bind, so retry on failure.
async function startOnFreePort(dir: string, pgCtl: (...args: string[]) => [string, string[]]): Promise<number> {
  const log = join(dir, 'postgres.log');
  for (let attempt = 1; ; attempt += 1) {
    const port = await freePort();
    try {
      await run(...pgCtl('-l', log, '-w', '-t', '30', '-o', `-p ${port}`, 'start'), { cwd: dir });
      return port;
    } catch (error) {
      if (attempt === 3) {
        const output = await readFile(log, 'utf8').catch(() => '(no log)');
        throw new Error(`PostgreSQL did not start: ${(error as Error).message}\n${output}`);
      }
    }
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

// A test process can be killed without running any exit handler, so cleanup lives in a detached
// shell that waits for end-of-file on a pipe from us: the kernel closes that pipe however we die.
function watchdog(dir: string, stop: [string, string[]]): { end(): void } {
  const script = 'dir=$1; shift; cat >/dev/null; "$@" >/dev/null 2>&1; rm -rf -- "$dir"';
  const child = spawn('sh', ['-c', script, 'cairn-pg-watchdog', dir, stop[0], ...stop[1]], {
    detached: true,
    stdio: ['pipe', 'ignore', 'ignore'],
  });
  const pipe = child.stdin as unknown as Socket;
  child.unref();
  pipe.unref();
  return { end: () => pipe.end() };
}

async function createDatabase(adminUrl: string): Promise<string> {
  const name = `cairn_test_${randomBytes(6).toString('hex')}`;
  await adminQueries(adminUrl, [`CREATE DATABASE ${name}`]);
  return name;
}

async function adminQueries(adminUrl: string, statements: string[]): Promise<void> {
  if (statements.length === 0) return;
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    for (const statement of statements) await client.query(statement);
  } finally {
    await client.end();
  }
}

function databaseUrl(serverUrl: string, name: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

function exists(path: string): Promise<boolean> {
  return access(path).then(() => true, () => false);
}
