/**
 * A replica: one Python host process running an entry script, spoken to over an inherited socket
 * with length-prefixed frames. `ReplicaLauncher` is the seam where a later issue places replicas on
 * cluster nodes; `LocalReplicaLauncher` starts them on this machine.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { Socket } from 'node:net';
import { FrameReader, encodeRequest, type HttpMeta, type ReplicaFrame } from './frames.js';

/** The replica host script shipped with this package. */
export const REPLICA_HOST = fileURLToPath(new URL('../python/cairn_replica.py', import.meta.url));

/** What a replica runs: an interpreter, an entry script, models and environment. */
export interface ReplicaSpec {
  python: string;
  /** Absolute path of the entry script (score.py). */
  entryScript: string;
  /** Working directory: the materialised source directory. */
  sourceDir: string;
  /** `AZUREML_MODEL_DIR`: the version folder of a single model, the parent of several. */
  modelDir: string;
  /** Extra variables (the environment's); nothing else of the server's environment is passed. */
  env: Record<string, string>;
  /** Requests the replica may work on at once (threads in the host); 1 (the default) is strictly serial. */
  concurrency?: number;
}

/**
 * How run() takes a request, as the host reports once init() returned: the body as a string
 * ('plain'), a JSON object's members by name (`@input_schema`, 'schema'), or the HTTP request
 * itself (`@rawhttp`, 'raw').
 */
export type ReplicaMode = 'plain' | 'schema' | 'raw';

/** Why a request did not get an answer from its replica. */
export class ReplicaGone extends Error {}

/** A started replica, wherever it runs. */
export interface ReplicaHandle {
  readonly id: string;
  /** Resolves once init() returned; rejects with the log's end when it failed. */
  readonly ready: Promise<void>;
  /** How run() takes requests; known once `ready` resolved ('plain' before). */
  readonly mode: ReplicaMode;
  /**
   * Sends one body to run(); rejects with ReplicaGone if the replica dies first. With `notAfter`
   * (monotonic seconds), the replica answers 503 without calling run() if it gets to it later.
   * `meta` (the request line and headers) goes to a 'raw' replica only.
   */
  score(body: Buffer, notAfter?: number, meta?: HttpMeta): Promise<ReplicaFrame>;
  /** Stops the replica (SIGKILL after `graceMs`). */
  stop(graceMs?: number): Promise<void>;
  /** Called once when the replica ends for any reason. */
  onExit(listener: (code: number | null) => void): void;
}

/** Starts replicas; the supervisor does not care where. */
export interface ReplicaLauncher {
  start(spec: ReplicaSpec, id: string, log: (line: string) => void): ReplicaHandle;
}

/** Starts replicas as local child processes. */
export class LocalReplicaLauncher implements ReplicaLauncher {
  start(spec: ReplicaSpec, id: string, log: (line: string) => void): ReplicaHandle {
    return new LocalReplica(spec, id, log);
  }
}

class LocalReplica implements ReplicaHandle {
  readonly ready: Promise<void>;
  mode: ReplicaMode = 'plain';
  private readonly child: ChildProcess;
  private readonly channel: Socket;
  private readonly pending = new Map<number, { resolve: (f: ReplicaFrame) => void; reject: (e: Error) => void }>();
  private readonly exitListeners: ((code: number | null) => void)[] = [];
  private readonly tail: string[] = [];
  private nextId = 1;
  private exited: number | null | undefined;

  constructor(spec: ReplicaSpec, readonly id: string, private readonly log: (line: string) => void) {
    this.child = spawn(spec.python, ['-u', REPLICA_HOST], {
      cwd: spec.sourceDir,
      env: { ...spec.env, AZUREML_ENTRY_SCRIPT: spec.entryScript, AZUREML_MODEL_DIR: spec.modelDir, AML_APP_ROOT: spec.sourceDir, PYTHONDONTWRITEBYTECODE: '1', CAIRN_REPLICA_CONCURRENCY: String(spec.concurrency ?? 1) },
      stdio: ['ignore', 'pipe', 'pipe', 'pipe'],
    });
    this.channel = this.child.stdio[3] as Socket;
    this.channel.setNoDelay?.(true);
    this.ready = this.watch();
    this.ready.catch(() => {});
  }

  private watch(): Promise<void> {
    for (const stream of [this.child.stdout!, this.child.stderr!]) lines(stream, (line) => this.logLine(line));
    return new Promise((resolve, reject) => {
      const reader = new FrameReader((frame) => (frame.id === 0 ? resolve(this.started(frame)) : this.settle(frame)));
      this.channel.on('data', (chunk: Buffer) => reader.push(chunk));
      this.channel.on('error', () => {});
      this.child.on('error', (error) => this.logLine(`cannot start ${error.message}`));
      this.child.on('close', (code) => {
        this.exited = code;
        reject(new ReplicaGone(`the replica exited with code ${code} before init() finished:\n${this.tail.join('\n')}`));
        for (const waiter of this.pending.values()) waiter.reject(new ReplicaGone(`the replica exited with code ${code}`));
        this.pending.clear();
        for (const listener of this.exitListeners) listener(code);
      });
    });
  }

  private logLine(line: string): void {
    this.tail.push(line);
    if (this.tail.length > 50) this.tail.shift();
    this.log(line);
  }

  /** Reads the ready frame: `{"mode": …}`. */
  private started(frame: ReplicaFrame): void {
    const { mode } = JSON.parse(frame.body.toString()) as { mode?: ReplicaMode };
    if (mode === 'schema' || mode === 'raw') this.mode = mode;
  }

  private settle(frame: ReplicaFrame): void {
    const waiter = this.pending.get(frame.id);
    this.pending.delete(frame.id);
    waiter?.resolve(frame);
  }

  score(body: Buffer, notAfter?: number, meta?: HttpMeta): Promise<ReplicaFrame> {
    if (this.exited !== undefined) return Promise.reject(new ReplicaGone('the replica has exited'));
    const id = this.nextId;
    this.nextId = this.nextId >= 0xfffffff0 ? 1 : this.nextId + 1;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.channel.write(encodeRequest(id, body, notAfter, meta));
    });
  }

  async stop(graceMs = 2000): Promise<void> {
    if (this.exited !== undefined) return;
    const closed = new Promise<void>((resolve) => this.onExit(() => resolve()));
    this.child.kill('SIGTERM');
    const timer = setTimeout(() => this.child.kill('SIGKILL'), graceMs);
    await closed;
    clearTimeout(timer);
  }

  onExit(listener: (code: number | null) => void): void {
    if (this.exited !== undefined) listener(this.exited);
    else this.exitListeners.push(listener);
  }
}

function lines(stream: NodeJS.ReadableStream, each: (line: string) => void): void {
  let rest = '';
  stream.setEncoding('utf8');
  stream.on('data', (chunk: string) => {
    const parts = (rest + chunk).split('\n');
    rest = parts.pop() ?? '';
    for (const part of parts) each(part);
  });
  stream.on('end', () => rest && each(rest));
}
