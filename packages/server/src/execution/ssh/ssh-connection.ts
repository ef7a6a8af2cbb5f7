/**
 * One command on an attached machine over SSH (`ssh2`, pure JS): the private key comes from the
 * vault, the host key is checked against the pinned fingerprint (or learned on first use, at create),
 * and a mismatch is refused, never ignored.
 */
import { createHash } from 'node:crypto';
import { Client, type ConnectConfig } from 'ssh2';

/** Where and as whom to connect; `hostKey` null learns the key (first use). */
export interface SshEndpoint {
  host: string;
  port: number;
  user: string;
  privateKey: string;
  /** Pinned fingerprint (`SHA256:…`, as OpenSSH prints it), or null on first use. */
  hostKey: string | null;
  timeoutMs?: number;
}

/** What a remote command printed and how it exited. */
export interface SshResult {
  stdout: string;
  stderr: string;
  code: number | null;
  /** The fingerprint of the host key the server showed. */
  hostKey: string;
}

/** The host showed another key than the pinned one: a different machine, or a reinstalled one. */
export class HostKeyMismatchError extends Error {
  constructor(readonly endpoint: string, readonly expected: string, readonly actual: string) {
    super(`the host key of ${endpoint} is ${actual}, not the pinned ${expected}: refusing to connect (if the machine was reinstalled, delete and recreate the target)`);
  }
}

/** The host could not be reached or refused the login. */
export class SshConnectError extends Error {}

/** OpenSSH's fingerprint of a raw host key: `SHA256:` and unpadded base64. */
export function fingerprint(key: Buffer): string {
  return `SHA256:${createHash('sha256').update(key).digest('base64').replace(/=+$/, '')}`;
}

/** Runs `command` on the host with `input` on its stdin (secrets go there, never on a command line). */
export function sshExec(endpoint: SshEndpoint, command: string, input = ''): Promise<SshResult> {
  const where = `${endpoint.user}@${endpoint.host}:${endpoint.port}`;
  return new Promise((resolve, reject) => {
    const client = new Client();
    let seen = '';
    let mismatch: HostKeyMismatchError | null = null;
    const fail = (error: Error) => { client.end(); reject(error); };
    client.on('error', (error) => fail(mismatch ?? new SshConnectError(`ssh to ${where} failed: ${error.message}`)));
    client.on('ready', () => {
      client.exec(command, (error, stream) => {
        if (error) return fail(new SshConnectError(`ssh to ${where} could not run a command: ${error.message}`));
        let stdout = '';
        let stderr = '';
        stream.on('data', (chunk: Buffer) => { stdout += chunk.toString(); });
        stream.stderr.on('data', (chunk: Buffer) => { stderr += chunk.toString(); });
        stream.on('close', (code: number | null) => { client.end(); resolve({ stdout, stderr, code, hostKey: seen }); });
        stream.end(input);
      });
    });
    const config: ConnectConfig = {
      host: endpoint.host, port: endpoint.port, username: endpoint.user, privateKey: endpoint.privateKey, readyTimeout: endpoint.timeoutMs ?? 15_000,
      hostVerifier: (key: Buffer) => {
        seen = fingerprint(key);
        if (endpoint.hostKey === null || endpoint.hostKey === seen) return true;
        mismatch = new HostKeyMismatchError(where, endpoint.hostKey, seen);
        return false;
      },
    };
    try {
      client.connect(config);
    } catch (error) {
      // A key that does not parse throws here rather than emitting an error.
      fail(new SshConnectError(`ssh to ${where}: ${(error as Error).message}`));
    }
  });
}
