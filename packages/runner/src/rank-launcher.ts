/**
 * A rank's script runs under a small Python launcher that leads the rank's process group: it asks
 * Linux to signal it when the runner dies (PR_SET_PDEATHSIG, through ctypes), starts the script as
 * its child, and passes its exit on. A runner killed with SIGKILL cannot stop its scripts itself; the
 * launcher then kills its whole process group, so nothing the script started keeps running. A cancel
 * (SIGTERM to the group, from a live runner) reaches the script directly and the launcher only waits.
 * Where there is no prctl (not Linux) the launcher just runs the script, as if it were not there.
 */

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
child = os.fork()
if child == 0:
    os.execv(sys.executable, [sys.executable] + sys.argv[1:])
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
