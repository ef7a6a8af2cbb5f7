/**
 * Starts the script's processes, one per rank, each the leader of its own process group so that
 * stopping a rank stops everything it started, under a launcher that ends the group should the runner
 * die (rank-launcher.ts). Output is read line by line.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { launcherArgs, type WaitingLauncher } from './rank-launcher.js';

export interface RankExit {
  rank: number;
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface StartRanks {
  python: string;
  args: string[];
  cwd: string;
  /** Variables of every rank; rank variables are added per process. */
  env: NodeJS.ProcessEnv;
  count: number;
  masterPort: number;
  /** A launcher started ahead (by a standby runner), for rank 0; the others start cold. */
  waiting?: WaitingLauncher | null;
  onLine(stream: 'stdout' | 'stderr', rank: number, text: string): void;
}

/** The distribution variables of one rank on a single node (PyTorch and MPI names). */
export function rankVariables(rank: number, count: number, masterPort: number): Record<string, string> {
  const r = String(rank);
  const n = String(count);
  return {
    RANK: r, LOCAL_RANK: r, NODE_RANK: '0', WORLD_SIZE: n, MASTER_ADDR: '127.0.0.1', MASTER_PORT: String(masterPort),
    OMPI_COMM_WORLD_RANK: r, OMPI_COMM_WORLD_SIZE: n, OMPI_COMM_WORLD_LOCAL_RANK: r, OMPI_COMM_WORLD_LOCAL_SIZE: n,
    AZ_BATCH_MASTER_NODE: `127.0.0.1:${masterPort}`, AZUREML_NODE_COUNT: '1',
  };
}

/** Running ranks: their exits, and a way to stop them all. */
export class Ranks {
  private readonly children: ChildProcess[] = [];
  readonly exits: Promise<RankExit[]>;

  constructor(options: StartRanks) {
    const exits: Array<Promise<RankExit>> = [];
    for (let rank = 0; rank < options.count; rank++) {
      const env = { ...options.env, ...(options.count > 1 ? rankVariables(rank, options.count, options.masterPort) : {}) };
      const child = (rank === 0 ? options.waiting?.launch({ python: options.python, args: options.args, env, cwd: options.cwd }) : null)
        ?? spawn(options.python, launcherArgs(options.args), { cwd: options.cwd, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
      this.children.push(child);
      const streams = [readLines(child, 'stdout', rank, options), readLines(child, 'stderr', rank, options)];
      exits.push(new Promise<RankExit>((done) => {
        child.once('error', (error) => { options.onLine('stderr', rank, `could not start ${options.python}: ${error.message}`); done({ rank, code: 127, signal: null }); });
        child.once('close', (code, signal) => void Promise.all(streams).then(() => done({ rank, code, signal })));
      }));
    }
    this.exits = Promise.all(exits);
  }

  /** Process group ids of the ranks. */
  pids(): number[] {
    return this.children.flatMap((c) => (c.pid === undefined ? [] : [c.pid]));
  }

  /** Sends a signal to every rank's process group. */
  signal(signal: NodeJS.Signals): void {
    for (const pid of this.pids()) {
      try {
        process.kill(-pid, signal);
      } catch {
        // That group is gone already.
      }
    }
  }
}

function readLines(child: ChildProcess, stream: 'stdout' | 'stderr', rank: number, options: StartRanks): Promise<void> {
  const source = child[stream];
  if (!source) return Promise.resolve();
  const lines = createInterface({ input: source, crlfDelay: Infinity });
  lines.on('line', (text) => options.onLine(stream, rank, text));
  return new Promise((resolve) => lines.once('close', resolve));
}
