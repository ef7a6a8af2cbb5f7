/**
 * An open-loop load generator (Debian's wrk has no fixed-rate mode): sends requests at a fixed rate
 * whatever the server does, and times each one from when the generator issued it, not from when a
 * connection was free, so a stalled server shows as latency instead of fewer requests (no
 * coordinated omission). Issued means the 1 ms tick that found it due: the tick's own lateness is
 * the generator's, not the server's, and is left out. Runs in its own process; reads its job as JSON in argv[2] and prints one JSON result.
 *
 * Targets: `http` (raw keep-alive HTTP/1.1 on loopback, one request at a time per connection, a
 * prebuilt request: the client costs a few microseconds a request) or `replica` (a Python replica
 * started here and called directly over its frame socket: the gateway's own baseline).
 */
import { connect, type Socket } from 'node:net';
import { LocalReplicaLauncher, type ReplicaSpec } from '../../packages/serving/src/index.js';
import { summarize, type FixedRateJob } from './fixed-rate.js';

const job = JSON.parse(process.argv[2] ?? '{}') as FixedRateJob;
const ok: number[] = [];
const rejected: number[] = [];
let other = 0;
let sent = 0;
let recording = false;
// Requests due before this (the warm-up) are not counted, even when they answer later.
let recordFrom = Infinity;

function record(status: number, due: number): void {
  if (!recording || due < recordFrom) return;
  const latency = performance.now() - due;
  if (status >= 200 && status < 300) ok.push(latency);
  else if (status === 503) rejected.push(latency);
  else other += 1;
}

/** A keep-alive connection that sends the prebuilt request and reads one response at a time. */
class Connection {
  private pending: Buffer | null = null;
  due = 0;
  constructor(private readonly socket: Socket, private readonly done: (conn: Connection, status: number) => void) {
    socket.setNoDelay(true);
    socket.on('data', (chunk: Buffer) => this.read(chunk));
    socket.on('error', (error) => fail(`connection error: ${error.message}`));
  }

  send(request: Buffer, due: number): void {
    this.due = due;
    this.socket.write(request);
  }

  private read(chunk: Buffer): void {
    const data = this.pending ? Buffer.concat([this.pending, chunk]) : chunk;
    const end = data.indexOf('\r\n\r\n');
    if (end < 0) return void (this.pending = data);
    const head = data.toString('latin1', 0, end);
    const length = /\r\ncontent-length:\s*(\d+)/i.exec(head);
    if (!length) fail(`a response without content-length: ${head}`);
    if (data.length < end + 4 + Number(length![1])) return void (this.pending = data);
    this.pending = null;
    this.done(this, Number(head.slice(9, 12)));
  }

  close(): void {
    this.socket.destroy();
  }
}

function fail(message: string): never {
  process.stderr.write(`fixed-rate: ${message}\n`);
  process.exit(1);
}

/** Opens the connections; returns a sender that uses an idle one or queues until one frees. */
async function httpSender(): Promise<{ send: (due: number) => void; close: () => void }> {
  const url = new URL(job.url!);
  const body = Buffer.from(job.body);
  const headers = Object.entries(job.headers ?? {}).map(([k, v]) => `${k}: ${v}\r\n`).join('');
  const request = Buffer.concat([Buffer.from(`POST ${url.pathname} HTTP/1.1\r\nHost: ${url.host}\r\nContent-Type: application/json\r\n${headers}Content-Length: ${body.length}\r\n\r\n`), body]);
  const idle: Connection[] = [];
  const backlog: number[] = [];
  const done = (conn: Connection, status: number) => {
    record(status, conn.due);
    const next = backlog.shift();
    if (next === undefined) idle.push(conn);
    else conn.send(request, next);
  };
  const all = await Promise.all(Array.from({ length: job.connections ?? 64 }, () => new Promise<Connection>((resolve, reject) => {
    const socket = connect(Number(url.port), url.hostname, () => resolve(new Connection(socket, done)));
    socket.once('error', reject);
  })));
  idle.push(...all);
  return {
    send: (due) => {
      const conn = idle.pop();
      if (conn) conn.send(request, due);
      else backlog.push(due);
    },
    close: () => all.forEach((c) => c.close()),
  };
}

async function replicaSender(): Promise<{ send: (due: number) => void; close: () => void }> {
  const replica = new LocalReplicaLauncher().start(job.replica as ReplicaSpec, 'direct', () => {});
  await replica.ready;
  const body = Buffer.from(job.body);
  return {
    send: (due) => void replica.score(body).then((frame) => record(frame.status, due), () => record(0, due)),
    close: () => void replica.stop(500),
  };
}

/** Sends at `job.rate` for `seconds`; each request is due at its slot in the schedule. */
function drive(send: (due: number) => void, seconds: number): Promise<void> {
  const interval = 1000 / job.rate;
  const start = performance.now();
  const total = Math.round(job.rate * seconds);
  let next = 0;
  return new Promise((resolve) => {
    const timer = setInterval(() => {
      const now = performance.now();
      while (next < total && start + next * interval <= now) {
        send(now);
        next += 1;
        if (recording) sent += 1;
      }
      if (next >= total) {
        clearInterval(timer);
        resolve();
      }
    }, 1);
  });
}

const sender = job.url ? await httpSender() : await replicaSender();
await drive(sender.send, job.warmupSeconds ?? 1);
recording = true;
recordFrom = performance.now();
await drive(sender.send, job.seconds);
// Answers still on their way count: wait for them (a few seconds at most).
const deadline = performance.now() + 5000;
while (ok.length + rejected.length + other < sent && performance.now() < deadline) await new Promise((r) => setTimeout(r, 10));
recording = false;
sender.close();
process.stdout.write(`${JSON.stringify(summarize(job, sent, ok, rejected, other))}\n`);
process.exit(0);
