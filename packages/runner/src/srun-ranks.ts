/**
 * Ranks of a multi-node run inside a Slurm allocation: one `srun` starts every rank on the job's
 * nodes (docs/adr/0010), and this runner stays the run's only reporter. Each task turns Slurm's
 * task numbers into the PyTorch and MPI names before it becomes the script; `--label` prefixes each
 * output line with its task number, which is the rank the line is logged under.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import type { RankExit, StartRanks } from './ranks.js';

/** Where the ranks go: `nodes` × `perNode` tasks, rank 0's node reachable at `masterAddr`. */
export interface SrunLayout {
  nodes: number;
  perNode: number;
  masterAddr: string;
}

// Runs in each task: Slurm's numbers become the distribution variables, then the script replaces the shell.
const TASK_SCRIPT = [
  'export RANK=$SLURM_PROCID LOCAL_RANK=$SLURM_LOCALID NODE_RANK=$SLURM_NODEID WORLD_SIZE=$SLURM_NTASKS',
  'export OMPI_COMM_WORLD_RANK=$SLURM_PROCID OMPI_COMM_WORLD_SIZE=$SLURM_NTASKS OMPI_COMM_WORLD_LOCAL_RANK=$SLURM_LOCALID',
  'export OMPI_COMM_WORLD_LOCAL_SIZE=$CAIRN_RANKS_PER_NODE',
  'exec "$@"',
].join('\n');

/** Variables every task shares: where rank 0 listens, and the sizes. */
export function sharedRankVariables(layout: SrunLayout, masterPort: number): Record<string, string> {
  return {
    MASTER_ADDR: layout.masterAddr, MASTER_PORT: String(masterPort), AZ_BATCH_MASTER_NODE: `${layout.masterAddr}:${masterPort}`,
    AZUREML_NODE_COUNT: String(layout.nodes), CAIRN_RANKS_PER_NODE: String(layout.perNode),
  };
}

/** The `srun` command line that starts the ranks. */
export function srunArgs(layout: SrunLayout, python: string, args: readonly string[]): string[] {
  return [
    '--label', '--kill-on-bad-exit=1', `--nodes=${layout.nodes}`, `--ntasks-per-node=${layout.perNode}`, `--ntasks=${layout.nodes * layout.perNode}`,
    '--cpus-per-task=1', 'sh', '-c', TASK_SCRIPT, 'cairn-rank', python, ...args,
  ];
}

/** A `--label`ed line split into its rank and text; srun's own lines (no label) count as rank 0. */
export function labeledLine(line: string): { rank: number; text: string } {
  const match = /^\s*(\d+): (.*)$/s.exec(line);
  return match ? { rank: Number(match[1]), text: match[2]! } : { rank: 0, text: line };
}

/** The rank srun blames for a failure (`srun: error: n2: task 3: Exited with exit code 2`), else 0. */
export function failedTask(line: string): number | null {
  const match = /^srun: error: .*tasks? (\d+)[-,\d]*: (Exited|Killed|Terminated)/.exec(line);
  return match ? Number(match[1]) : null;
}

/** The ranks of a run started through srun: one process here, every rank on the allocation's nodes. */
export class SrunRanks {
  private readonly child: ChildProcess;
  readonly exits: Promise<RankExit[]>;

  constructor(options: StartRanks, layout: SrunLayout) {
    const env = { ...options.env, ...sharedRankVariables(layout, options.masterPort) };
    this.child = spawn('srun', srunArgs(layout, options.python, options.args), { cwd: options.cwd, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    let blamed = 0;
    const read = (stream: 'stdout' | 'stderr') => {
      const source = this.child[stream]!;
      const lines = createInterface({ input: source, crlfDelay: Infinity });
      lines.on('line', (raw) => {
        blamed = failedTask(raw) ?? blamed;
        const { rank, text } = labeledLine(raw);
        options.onLine(stream, rank, text);
      });
      return new Promise<void>((resolve) => lines.once('close', resolve));
    };
    const streams = [read('stdout'), read('stderr')];
    this.exits = new Promise((done) => {
      this.child.once('error', (error) => { options.onLine('stderr', 0, `could not start srun: ${error.message}`); done([{ rank: 0, code: 127, signal: null }]); });
      this.child.once('close', (code, signal) => void Promise.all(streams).then(() => done([{ rank: code === 0 ? 0 : blamed, code, signal }])));
    });
  }

  /** Process group id of srun. */
  pids(): number[] {
    return this.child.pid === undefined ? [] : [this.child.pid];
  }

  /** Signals srun, which passes SIGTERM on to every task. */
  signal(signal: NodeJS.Signals): void {
    try {
      if (this.child.pid !== undefined) process.kill(-this.child.pid, signal);
    } catch {
      // srun is gone already.
    }
  }
}

/** The srun layout of a run with several nodes inside a Slurm job (the job script sets CAIRN_RANK_LAUNCHER=srun); null otherwise. */
export function srunLayoutOf(nodes: number, perNode: number, env: NodeJS.ProcessEnv): SrunLayout | null {
  if (nodes <= 1 || env.CAIRN_RANK_LAUNCHER !== 'srun') return null;
  return { nodes, perNode, masterAddr: env.CAIRN_MASTER_ADDR || '127.0.0.1' };
}
