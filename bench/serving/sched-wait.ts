/**
 * How long a process tree waited for a core during a load run, from the kernel's own counters
 * (`/proc/<pid>/task/<tid>/schedstat`: ns on a CPU, ns runnable but waiting on a run queue, and
 * `status`' involuntary context switches). On 2 cores the p99 of a closed-loop run is mostly such
 * waits, so the rows say whose they were.
 */
import { readFileSync, readdirSync } from 'node:fs';

/** Per-process totals: run and wait in ns, involuntary switches. */
type Counters = Map<number, { runNs: number; waitNs: number; preempted: number }>;

/** The process and its descendants (a server and its replicas, gunicorn's master and workers). */
function tree(root: number): number[] {
  const parents = new Map<number, number[]>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = tryRead(`/proc/${entry}/stat`);
    // The fields after the command's closing parenthesis: state, then the parent's pid.
    const ppid = stat === null ? NaN : Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
    parents.set(ppid, [...(parents.get(ppid) ?? []), Number(entry)]);
  }
  const all = [root];
  for (let i = 0; i < all.length; i += 1) all.push(...(parents.get(all[i]!) ?? []));
  return all;
}

function tryRead(path: string): string | null {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return null;
  }
}

function read(pids: number[]): Counters {
  const counters: Counters = new Map();
  for (const pid of pids) {
    const sum = { runNs: 0, waitNs: 0, preempted: 0 };
    for (const tid of tryList(`/proc/${pid}/task`)) {
      const [run, wait] = (tryRead(`/proc/${pid}/task/${tid}/schedstat`) ?? '0 0').split(' ').map(Number);
      sum.runNs += run!;
      sum.waitNs += wait!;
      sum.preempted += Number(/nonvoluntary_ctxt_switches:\s+(\d+)/.exec(tryRead(`/proc/${pid}/task/${tid}/status`) ?? '')?.[1] ?? 0);
    }
    counters.set(pid, sum);
  }
  return counters;
}

function tryList(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
}

/**
 * Runs `load` and describes, per process of `root`'s tree, the CPU and run-queue wait per request
 * and the preemptions per request, e.g. `node 104/38 µs 0.71, python3 70/45 µs 0.06`.
 */
export async function withSchedWait<T extends { requests: number }>(root: number, load: () => Promise<T>): Promise<[T, string]> {
  const pids = tree(root);
  const before = read(pids);
  const result = await load();
  const after = read(pids);
  const per = (ns: number) => (ns / 1000 / Math.max(1, result.requests)).toFixed(0);
  const parts: string[] = [];
  for (const pid of pids) {
    const a = after.get(pid)!;
    const b = before.get(pid)!;
    if (a.runNs - b.runNs < 1e6) continue; // idle during the run (gunicorn's master, the standby runner)
    const name = (tryRead(`/proc/${pid}/comm`) ?? '?').trim();
    parts.push(`${name} ${per(a.runNs - b.runNs)}/${per(a.waitNs - b.waitNs)} µs ${((a.preempted - b.preempted) / Math.max(1, result.requests)).toFixed(2)}`);
  }
  return [result, `per request CPU/run-queue wait and preemptions: ${parts.join(', ')}`];
}
