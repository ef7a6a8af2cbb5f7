/**
 * How Cairn talks to Slurm. `SlurmCommands` runs Slurm's own commands (`sbatch`, `squeue`,
 * `scancel`, `sinfo`, `sacctmgr`; see docs/adr/0007); a `slurmrestd` client would implement the same
 * interface. Every failure names the command and its stderr.
 */
import { spawn } from 'node:child_process';

/** A Slurm job as `squeue` shows it. */
export interface SlurmJob {
  jobId: string;
  name: string;
  /** `PENDING`, `RUNNING`, `COMPLETED`, `TIMEOUT`, `NODE_FAIL`, `CANCELLED`, … */
  state: string;
  /** Why it waits or ended, in Slurm's words (`Resources`, `Priority`, `ReqNodeNotAvail, …`). */
  reason: string;
  nodes: string;
}

/** A node as `sinfo` shows it. */
export interface SlurmNode {
  name: string;
  partition: string;
  state: string;
  cpus: number;
  memoryMb: number;
  gres: string;
}

/** What the Slurm backend needs from Slurm. */
export interface SlurmClient {
  /** Submits a batch script (its text); answers the job id. */
  submit(args: readonly string[], script: string, env: NodeJS.ProcessEnv): Promise<string>;
  /** Jobs with these names that Slurm still knows (pending, running, or recently ended). */
  jobs(names: readonly string[]): Promise<SlurmJob[]>;
  cancel(jobId: string): Promise<void>;
  nodes(): Promise<SlurmNode[]>;
  partitions(): Promise<string[]>;
  /** Accounts known to accounting, or null when the cluster keeps no accounting. */
  accounts(): Promise<string[] | null>;
}

// What Slurm's commands print when slurmctld or their configuration cannot be reached (not a refusal of the job).
const UNREACHABLE = /unable to contact slurm controller|connect failure|connection refused|socket timed out|unable to process configuration|cannot stat file|zero bytes were transmitted/i;

/** A Slurm command failed or could not run. */
export class SlurmCommandError extends Error {
  constructor(readonly command: string, readonly stderr: string, readonly exitCode: number | null) {
    super(`${command} failed (exit ${exitCode ?? 'none'}): ${stderr.trim() || 'no output'}`);
  }

  /** Whether Slurm could not be reached at all (command missing, no answer in time, slurmctld down), so trying later may work. */
  get unreachable(): boolean {
    return this.exitCode === null || UNREACHABLE.test(this.stderr);
  }
}

/** Runs one command; answers stdout, or throws SlurmCommandError with its stderr. */
export function runCommand(command: string, args: readonly string[], options: { env?: NodeJS.ProcessEnv; input?: string; timeoutMs?: number } = {}): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { env: options.env ?? process.env, stdio: ['pipe', 'pipe', 'pipe'], timeout: options.timeoutMs ?? 30_000 });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => { stdout += chunk.toString(); });
    child.stderr.on('data', (chunk: Buffer) => { stderr += chunk.toString(); });
    child.once('error', (error) => reject(new SlurmCommandError(command, error.message, null)));
    child.once('close', (code, signal) => (code === 0 ? resolve(stdout) : reject(new SlurmCommandError(command, signal ? `${stderr}\n(stopped by ${signal}: no answer in time)` : stderr, code))));
    // A command that exits before reading its input must not fail the caller with EPIPE.
    child.stdin.on('error', () => undefined);
    child.stdin.end(options.input ?? '');
  });
}

/** Slurm through its command-line tools, as found on the PATH (SLURM_CONF picks the cluster). */
export class SlurmCommands implements SlurmClient {
  /** `env` answers the commands' environment (SLURM_CONF); a command taking longer than `timeoutMs` fails. */
  constructor(private readonly env: () => NodeJS.ProcessEnv = () => process.env, private readonly timeoutMs = 30_000) {}

  async submit(args: readonly string[], script: string, env: NodeJS.ProcessEnv): Promise<string> {
    const out = await runCommand('sbatch', ['--parsable', ...args], { env: { ...this.env(), ...env }, input: script, timeoutMs: this.timeoutMs });
    return out.trim().split(';')[0]!;
  }

  async jobs(names: readonly string[]): Promise<SlurmJob[]> {
    if (names.length === 0) return [];
    const out = await runCommand('squeue', ['-h', '-t', 'all', `--name=${names.join(',')}`, '-o', '%i|%j|%T|%r|%N'], { env: this.env(), timeoutMs: this.timeoutMs });
    return lines(out).map((line) => {
      const [jobId = '', name = '', state = '', reason = '', nodes = ''] = line.split('|');
      return { jobId, name, state, reason: reason === 'None' ? '' : reason, nodes };
    });
  }

  async cancel(jobId: string): Promise<void> {
    await runCommand('scancel', [jobId], { env: this.env(), timeoutMs: this.timeoutMs });
  }

  async nodes(): Promise<SlurmNode[]> {
    const out = await runCommand('sinfo', ['-h', '-N', '-o', '%N|%R|%t|%c|%m|%G'], { env: this.env(), timeoutMs: this.timeoutMs });
    return lines(out).map((line) => {
      const [name = '', partition = '', state = '', cpus = '0', memory = '0', gres = ''] = line.split('|');
      return { name, partition, state, cpus: Number(cpus), memoryMb: Number(memory), gres: gres === '(null)' ? '' : gres };
    });
  }

  async partitions(): Promise<string[]> {
    return [...new Set(lines(await runCommand('sinfo', ['-h', '-o', '%R'], { env: this.env(), timeoutMs: this.timeoutMs })))].sort();
  }

  async accounts(): Promise<string[] | null> {
    try {
      return lines(await runCommand('sacctmgr', ['-n', '-P', 'list', 'account', 'format=account'], { env: this.env(), timeoutMs: this.timeoutMs })).sort();
    } catch (error) {
      // accounting_storage/none: sacctmgr answers that no supported plugin is configured.
      if (error instanceof SlurmCommandError && /accounting_storage|accounting storage/i.test(error.stderr)) return null;
      throw error;
    }
  }
}

function lines(text: string): string[] {
  return text.split('\n').map((l) => l.trim()).filter((l) => l !== '');
}
