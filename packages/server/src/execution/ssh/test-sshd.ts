/** Test helper: a real OpenSSH server on 127.0.0.1 with its own host key, port and authorized key file. */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { randomInt } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** A running sshd; `replaceHostKey` restarts it with a new host key on the same port. */
export interface TestSshd {
  port: number;
  /** The client's private key (OpenSSH format), as a vault secret holds it. */
  clientKey: string;
  /** `SHA256:…` of the host key, as `ssh-keygen -l` prints it. */
  hostFingerprint(): Promise<string>;
  replaceHostKey(): Promise<void>;
  stop(): Promise<void>;
}

async function keygen(file: string): Promise<void> {
  await run('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', file]);
}

async function listening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1', () => { socket.end(); resolve(true); });
    socket.once('error', () => resolve(false));
  });
}

/** Starts `/usr/sbin/sshd -D` in `dir` on a random port. */
export async function startSshd(dir: string): Promise<TestSshd> {
  // Privilege separation needs this directory; Debian's package creates it only when its service starts.
  mkdirSync('/run/sshd', { recursive: true });
  await keygen(join(dir, 'host_key'));
  await keygen(join(dir, 'client_key'));
  writeFileSync(join(dir, 'authorized_keys'), readFileSync(join(dir, 'client_key.pub')));
  const config = join(dir, 'sshd_config');
  writeFileSync(config, [
    `HostKey ${join(dir, 'host_key')}`, `AuthorizedKeysFile ${join(dir, 'authorized_keys')}`, 'StrictModes no', 'PasswordAuthentication no',
    'KbdInteractiveAuthentication no', 'PermitRootLogin prohibit-password', 'UsePAM no', `PidFile ${join(dir, 'sshd.pid')}`, 'ListenAddress 127.0.0.1', '',
  ].join('\n'));
  const port = randomInt(30_000, 60_000);
  let child: ChildProcess | null = null;
  const start = async () => {
    child = spawn('/usr/sbin/sshd', ['-D', '-f', config, '-p', String(port)], { stdio: 'ignore' });
    for (let i = 0; i < 100 && !(await listening(port)); i++) await new Promise((r) => setTimeout(r, 50));
  };
  const stop = async () => {
    const c = child as ChildProcess | null;
    if (!c || c.exitCode !== null) return;
    const exited = new Promise((resolve) => c.once('exit', resolve));
    c.kill('SIGTERM');
    await exited;
  };
  await start();
  return {
    port, clientKey: readFileSync(join(dir, 'client_key'), 'utf8'), stop,
    hostFingerprint: async () => (await run('ssh-keygen', ['-l', '-f', join(dir, 'host_key.pub')])).stdout.split(' ')[1]!,
    replaceHostKey: async () => {
      await stop();
      await run('rm', ['-f', join(dir, 'host_key'), join(dir, 'host_key.pub')]);
      await keygen(join(dir, 'host_key'));
      await start();
    },
  };
}
