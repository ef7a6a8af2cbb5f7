import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const main = fileURLToPath(new URL('./main.ts', import.meta.url));
const cacheDir = mkdtempSync(join(tmpdir(), 'cairn-standby-'));

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return !/^\S+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return false;
  }
}

/** Processes whose parent is `pid`. */
function childrenOf(pid: number): number[] {
  return readdirSync('/proc').filter((d) => /^\d+$/.test(d)).map(Number).filter((p) => {
    try {
      const stat = readFileSync(`/proc/${p}/stat`, 'utf8');
      return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]) === pid;
    } catch {
      return false;
    }
  });
}

describe('a standby runner', () => {
  // Stopped here too when the test fails before it kills them, so nothing outlives the test run.
  const started: number[] = [];
  afterAll(() => {
    for (const pid of started) if (alive(pid)) process.kill(pid, 'SIGKILL');
    rmSync(cacheDir, { recursive: true, force: true });
  });

  it('exits when the process that started it dies, even while another process keeps its stdin open', async () => {
    // The stand-in server starts the standby with a stdin that never ends (a FIFO opened for reading
    // and writing: whoever else holds a pipe, as a process the server started might), so only the
    // death of its parent can tell the standby that its server is gone.
    const log = join(cacheDir, 'standby.log');
    const fifo = join(cacheDir, 'stdin');
    execFileSync('mkfifo', [fifo]);
    const script = `const fs = require('node:fs'); const c = require('node:child_process').spawn(process.execPath, ['--import', 'tsx', ${JSON.stringify(main)}, '--standby', '--cache-dir', ${JSON.stringify(cacheDir)}], { stdio: [fs.openSync(${JSON.stringify(fifo)}, 'r+'), 'ignore', fs.openSync(${JSON.stringify(log)}, 'a')], detached: true, env: { ...process.env, CAIRN_TRACE: '1' } }); console.log(c.pid); setInterval(() => {}, 1000);`;
    const server = spawn(process.execPath, ['-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
    started.push(server.pid!);
    const standby = Number(await new Promise<string>((resolve) => createInterface({ input: server.stdout! }).once('line', resolve)));
    started.push(standby);
    // Loaded, it has started its waiting rank launcher (a Python child).
    await expect.poll(() => existsSync(log) && readFileSync(log, 'utf8'), { timeout: 20_000 }).toContain('modules loaded');
    await expect.poll(() => childrenOf(standby).length, { timeout: 5000 }).toBeGreaterThan(0);
    const [launcher] = childrenOf(standby);
    expect(alive(standby)).toBe(true);
    server.kill('SIGKILL');
    await expect.poll(() => alive(standby), { timeout: 10_000 }).toBe(false);
    await expect.poll(() => alive(launcher!), { timeout: 10_000 }).toBe(false);
  });
});
