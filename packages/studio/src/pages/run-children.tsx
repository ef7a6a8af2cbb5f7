/** Child runs as a tree (every descendant), with their statuses; refreshed while any is live. */
import { isTerminal, type Run } from '@cairn/api';
import { runPath } from '../router.js';
import { ErrorBox } from '../ui/errors.js';
import { formatDuration, StatusBadge } from '../ui/format.js';
import { Link } from '../ui/link.js';
import { useResource } from '../ui/use-resource.js';
import type { TabProps } from './run.js';

/** The child runs tab. */
export default function Children({ ws, run }: TabProps) {
  const { data, error } = useResource(() => ws.runs.children(run.id, { recursive: true }), [ws, run.id],
    { every: 4000, live: (all) => all.some((r) => !isTerminal(r.status)) || !isTerminal(run.status) });
  return (
    <div className="children">
      <ErrorBox error={error} />
      {data?.length === 0 ? <p className="empty">This run has no child runs.</p> : null}
      {data?.length ? <ul className="run-tree" role="tree" aria-label="Child runs"><Branch ws={ws.name} all={data} parent={run.id} /></ul> : null}
    </div>
  );
}

function Branch({ ws, all, parent }: { ws: string; all: Run[]; parent: string }) {
  return <>{all.filter((r) => r.parentRunId === parent).map((child) => {
    const below = all.some((r) => r.parentRunId === child.id);
    return (
      <li key={child.id} role="treeitem" aria-expanded={below ? true : undefined}>
        <Link href={runPath(ws, child.id)}>{child.displayName || child.id}</Link> <StatusBadge status={child.status} />{` ${formatDuration(child.durationSeconds)}`}
        {below ? <ul role="group"><Branch ws={ws} all={all} parent={child.id} /></ul> : null}
      </li>
    );
  })}</>;
}
