/** A short list of runs (home page), each linked, with status and duration. */
import type { Run } from '@cairn/api';
import { runPath } from '../router.js';
import { formatDuration, formatTime, StatusBadge } from './format.js';
import { Link } from './link.js';

/** The filter for runs that are not over yet (waiting, starting, running, finishing). */
export const ACTIVE_RUNS = "status in ('Queued', 'Preparing', 'Running', 'Finalizing', 'CancelRequested', 'NotResponding')";

/** A table of runs with name, experiment, status, start and duration. */
export function RunsList({ ws, runs, caption }: { ws: string; runs: Run[]; caption: string }) {
  if (runs.length === 0) return <p className="empty">{caption}: none.</p>;
  return (
    <table className="list">
      <caption>{caption}</caption>
      <thead><tr>{['Run', 'Experiment', 'Status', 'Created', 'Duration'].map((c) => <th key={c} scope="col">{c}</th>)}</tr></thead>
      <tbody>
        {runs.map((run) => (
          <tr key={run.id}>
            <td><Link href={runPath(ws, run.id)}>{run.displayName || run.id}</Link></td>
            <td>{run.experiment}</td><td><StatusBadge status={run.status} /></td>
            <td>{formatTime(run.createdAt)}</td><td>{formatDuration(run.durationSeconds)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
