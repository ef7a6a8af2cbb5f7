/** Experiments of a workspace with their run counts; each opens its runs table. */
import type { PageProps } from '../router.js';
import { wsPath } from '../router.js';
import { ErrorBox } from '../ui/errors.js';
import { formatTime } from '../ui/format.js';
import { Link } from '../ui/link.js';
import { Head } from '../ui/table.js';
import { useResource } from '../ui/use-resource.js';
import { useTitle } from '../ui/use-title.js';

/** The experiments page. */
export default function Experiments({ ws }: PageProps) {
  useTitle('Experiments');
  const { data, error } = useResource(() => ws.experiments.list(), [ws], { every: 5000 });
  return (
    <div className="page">
      <h1>Experiments</h1>
      <ErrorBox error={error} />
      {data?.length === 0 ? <p className="empty">No experiments yet: submit a run to create one.</p> : null}
      {data?.length ? (
        <table className="list">
          <Head labels={['Experiment', 'Runs', 'Last run', 'Created']} />
          <tbody>{data.map((e) => (
            <tr key={e.name}>
              <td><Link href={wsPath(ws.name, `/runs?experiment=${encodeURIComponent(e.name)}`)}>{e.name}</Link></td>
              <td className="num">{e.runCount}</td><td>{formatTime(e.lastRunAt)}</td><td>{formatTime(e.createdAt)}</td>
            </tr>
          ))}</tbody>
        </table>
      ) : null}
    </div>
  );
}
