/**
 * Wires execution into the app in two steps: the parts the run service needs (the canceller) come
 * first, then routes, the dispatcher and the watchdog once the rest of the app exists.
 */
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import type { TokenService } from '../auth/token-service.js';
import { ComputeTargets } from '../compute/compute-targets.js';
import { registerComputeRoutes } from '../compute/routes.js';
import type { Database } from '../db/schema.js';
import type { RouteEnv } from '../http/implement.js';
import type { RunService } from '../runs/run-service.js';
import type { RunStore } from '../runs/run-store.js';
import { Dispatcher } from './dispatcher.js';
import { ExecutionCanceller } from './execution-canceller.js';
import { ExecutionService } from './execution-service.js';
import { LocalBackend } from './local-backend.js';
import { LogHub } from './log-hub.js';
import { reconcileStartedRuns } from './reconcile.js';
import { registerExecutionRoutes } from './routes.js';
import { RunTokenScope } from './run-token-scope.js';
import { SqlExecutionStore } from './sql-execution-store.js';
import { SqlLogStore } from './sql-log-store.js';
import type { EnvironmentResolver, SecretNames, SnapshotReader } from './submit-checks.js';
import { Watchdog } from './watchdog.js';

/** Timings and limits of execution; tests shorten them. */
export interface ExecutionOptions {
  /** Runs the local target executes at once (default: number of cores). */
  localCapacity: number;
  /** Command starting the runner (default: this Node and the built `@cairn/runner`). */
  runnerCommand: string[];
  /** Keep a standby runner ready on the local target (see local-backend.ts). */
  localStandby: boolean;
  tickMs: number;
  leaseMs: number;
  heartbeatSeconds: number;
  notRespondingMs: number;
  failMs: number;
  followPollMs: number;
  killAfterMs: number;
}

/** Defaults: heartbeats every 10 s, NotResponding after 60 s of silence, Failed after 5 minutes. */
export function defaultExecutionOptions(): ExecutionOptions {
  return {
    localCapacity: availableParallelism(), runnerCommand: [process.execPath, runnerProgram()], localStandby: true, tickMs: 1000, leaseMs: 60_000,
    heartbeatSeconds: 10, notRespondingMs: 60_000, failMs: 300_000, followPollMs: 1000, killAfterMs: 60_000,
  };
}

/** The runner bundle `npm run build` makes (one file: a faster start), else the runner's compiled tree. */
function runnerProgram(): string {
  const bundle = fileURLToPath(new URL('../../../runner/bundle/cairn-runner.mjs', import.meta.url));
  return existsSync(bundle) ? bundle : fileURLToPath(new URL('../../../runner/dist/main.js', import.meta.url));
}

export interface ExecutionWiring {
  db: Kysely<Database>;
  dataDir: string;
  options?: Partial<ExecutionOptions>;
  now: () => number;
  log: (message: string, error?: unknown) => void;
}

export interface ExecutionLateDeps {
  runStore: RunStore;
  runs: RunService;
  tokens: TokenService;
  environments: EnvironmentResolver;
  snapshots: SnapshotReader;
  secrets: SecretNames & { read(workspaceId: number, name: string): Promise<string> };
}

/** Creates the execution parts; `register` adds routes and starts the loops, `close` stops them. */
export function createExecution(wiring: ExecutionWiring) {
  const options = { ...defaultExecutionOptions(), ...wiring.options };
  const executions = new SqlExecutionStore(wiring.db);
  const logs = new SqlLogStore(wiring.db);
  const hub = new LogHub();
  const local = new LocalBackend({ capacity: options.localCapacity, runnerCommand: options.runnerCommand, workDir: join(wiring.dataDir, 'local-compute'), killAfterMs: options.killAfterMs, standby: options.localStandby });
  const targets = new ComputeTargets([{ name: 'local', backend: local }]);
  const canceller = new ExecutionCanceller(executions, targets, wiring.log);
  const timers: NodeJS.Timeout[] = [];
  let dispatcher: Dispatcher | null = null;
  let reconciled: Promise<void> = Promise.resolve();

  function loop(name: string, every: number, work: () => Promise<void>): () => void {
    let running: Promise<void> | null = null;
    let again = false;
    // A nudge during a pass asks for one more pass after it: the pass may have read the queue already.
    const run = () => {
      if (running) return void (again = true);
      running = work().catch((error) => wiring.log(`${name} pass failed`, error)).finally(() => {
        running = null;
        if (!again) return;
        again = false;
        run();
      });
    };
    const timer = setInterval(run, every);
    timer.unref();
    timers.push(timer);
    return run;
  }

  function register(app: FastifyInstance, env: RouteEnv, late: ExecutionLateDeps): void {
    env.runScope = new RunTokenScope(late.runStore, executions);
    const serverUrl = () => listeningUrl(app);
    dispatcher = new Dispatcher({ executions, targets, runs: late.runs, tokens: late.tokens, hub, serverUrl, leaseMs: options.leaseMs, now: wiring.now, log: wiring.log });
    const watchdog = new Watchdog({ executions, targets, runs: late.runs, tokens: late.tokens, hub, notRespondingMs: options.notRespondingMs, failMs: options.failMs, now: wiring.now, log: wiring.log });
    const nudge = loop('dispatcher', options.tickMs, () => dispatcher!.tick());
    loop('watchdog', Math.max(50, Math.min(options.notRespondingMs, options.failMs) / 4), () => watchdog.tick());
    const execution = new ExecutionService({
      targets, environments: late.environments, snapshots: late.snapshots, secrets: late.secrets, runs: late.runs, executions, logs, hub,
      readSecret: (id, name) => late.secrets.read(id, name), nudge: () => setImmediate(nudge), heartbeatSeconds: options.heartbeatSeconds, now: wiring.now,
    });
    registerExecutionRoutes(app, env, { execution, runs: late.runs, logs, hub, followPollMs: options.followPollMs });
    // Status moves go through the run routes; followers hear of them at once rather than at their next poll.
    app.addHook('onResponse', async (request, reply) => {
      const id = (request.routeOptions.config as { cairnRoute?: { id: string } }).cairnRoute?.id;
      const runId = (request.params as { runId?: string } | undefined)?.runId;
      if (runId && reply.statusCode < 300 && (id === 'runs.update' || id === 'runs.cancel')) hub.notify(runId);
    });
    registerComputeRoutes(app, env, targets, executions, {
      db: wiring.db, dataDir: wiring.dataDir, now: wiring.now, readSecret: (id, name) => late.secrets.read(id, name),
    });
    // Registered after the compute routes, whose onReady hook loads the stored targets (Slurm, SSH) first.
    app.addHook('onReady', async () => {
      reconciled = reconcileStartedRuns({ executions, targets, runs: late.runs, hub, log: wiring.log });
    });
  }

  async function close(): Promise<void> {
    for (const timer of timers) clearInterval(timer);
    await reconciled;
    await targets.close();
  }

  return { executions, logs, hub, targets, canceller, register, close, dispatcher: () => dispatcher };
}

function listeningUrl(app: FastifyInstance): string | null {
  const address = app.server.address();
  if (address === null || typeof address === 'string') return null;
  const host = address.family === 'IPv6' ? `[${address.address === '::' ? '::1' : address.address}]` : address.address === '0.0.0.0' ? '127.0.0.1' : address.address;
  return `http://${host}:${address.port}`;
}
