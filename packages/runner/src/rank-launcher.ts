/**
 * A rank's script runs under a small Python launcher that leads the rank's process group: it asks
 * Linux to signal it when the runner dies (PR_SET_PDEATHSIG, through ctypes), starts the script as
 * its child, and passes its exit on. A runner killed with SIGKILL cannot stop its scripts itself; the
 * launcher then kills its whole process group, so nothing the script started keeps running. A cancel
 * (SIGTERM to the group, from a live runner) reaches the script directly and the launcher only waits.
 * Where there is no prctl (not Linux) the launcher just runs the script, as if it were not there.
 *
 * A standby runner starts a launcher ahead of its run (`--wait`, see WaitingLauncher): it reads the
 * interpreter, arguments, variables and working directory as one JSON line on stdin, so the run pays
 * for one Python start (the script's), not two.
 */
import { spawn, type ChildProcess } from 'node:child_process';

const LAUNCHER = `
import os, signal, sys
runner = os.getppid()
try:
    import ctypes
    ctypes.CDLL(None).prctl(1, signal.SIGTERM)
except Exception:
    pass
if os.getppid() != runner:
    os._exit(137)
if sys.argv[1:] == ['--wait']:
    import json
    line = sys.stdin.buffer.readline()
    if not line:
        os._exit(0)
    launch = json.loads(line)
    os.chdir(launch['cwd'])
    python, args, env = launch['python'], launch['args'], launch['env']
    null = os.open(os.devnull, os.O_RDONLY)
    os.dup2(null, 0)
    os.close(null)
else:
    python, args, env = sys.executable, sys.argv[1:], None
child = os.fork()
if child == 0:
    try:
        os.execve(python, [python] + args, os.environ if env is None else env)
    except OSError as error:
        sys.stderr.write('could not start %s: %s\\n' % (python, error))
        os._exit(127)
def on_term(signum, frame):
    if os.getppid() != runner:
        os.killpg(0, signal.SIGKILL)
signal.signal(signal.SIGTERM, on_term)
_, status = os.waitpid(child, 0)
if os.WIFSIGNALED(status):
    try:
        signal.signal(os.WTERMSIG(status), signal.SIG_DFL)
    except (OSError, ValueError):
        pass
    os.kill(os.getpid(), os.WTERMSIG(status))
os._exit(os.WEXITSTATUS(status))
`;

/** The arguments that run `args` (the interpreter's arguments: script and its own) under the launcher. */
export function launcherArgs(args: readonly string[]): string[] {
  // -I -S: the launcher starts in milliseconds and reads nothing of the run's environment or site.
  return ['-I', '-S', '-c', LAUNCHER, ...args];
}

/** What a waiting launcher is told to start. */
export interface LaunchRequest {
  python: string;
  args: string[];
  env: NodeJS.ProcessEnv;
  cwd: string;
}

/** A launcher started ahead of its run, waiting on stdin for what to start; see the file comment. */
export class WaitingLauncher {
  private child: ChildProcess | null;

  /** Starts a launcher under `python` (any Python 3: it executes the run's interpreter itself). */
  constructor(python: string) {
    const child = spawn(python, launcherArgs(['--wait']), { detached: true, stdio: ['pipe', 'pipe', 'pipe'] });
    child.once('error', () => (this.child = null));
    child.stdin!.on('error', () => undefined);
    this.child = child;
  }

  /** Hands the launcher its script: answers the launcher's process, or null when it is gone (start one afresh). */
  launch(request: LaunchRequest): ChildProcess | null {
    const child = this.child;
    this.child = null;
    if (!child || child.pid === undefined || child.exitCode !== null || child.signalCode !== null || !child.stdin?.writable) return null;
    child.stdin.end(`${JSON.stringify(request)}\n`);
    return child;
  }

  /** Lets the launcher go without a script (it exits on the end of its stdin). */
  close(): void {
    this.child?.stdin?.end();
    this.child = null;
  }
}
