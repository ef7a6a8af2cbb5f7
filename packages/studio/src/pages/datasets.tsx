/** Datasets: one row per name with its latest version; `?name=` lists every version of that name. */
import type { Dataset } from '@cairn/api';
import type { PageProps } from '../router.js';
import { datasetPath, wsPath } from '../router.js';
import { ErrorBox } from '../ui/errors.js';
import { formatBytes, formatTime } from '../ui/format.js';
import { Link } from '../ui/link.js';
import { Head } from '../ui/table.js';
import { useResource } from '../ui/use-resource.js';
import { useTitle } from '../ui/use-title.js';

/** The datasets page. */
export default function Datasets({ ws, query }: PageProps) {
  const name = query.get('name') ?? undefined;
  useTitle(name ? `Dataset ${name}` : 'Datasets');
  const { data, error } = useResource(() => ws.datasets.list(name), [ws, name], { every: 5000 });
  // Versions arrive newest first, so the first of each name is its latest.
  const rows = name ? data : data?.filter((d, i) => data.findIndex((o) => o.name === d.name) === i);
  return (
    <div className="page page-wide">
      <h1>{name ? `Dataset ${name}` : 'Datasets'}</h1>
      {name ? <p className="crumbs"><Link href={wsPath(ws.name, '/datasets')}>← Datasets</Link></p> : null}
      <ErrorBox error={error} />
      {rows?.length === 0 ? <p className="empty">No datasets registered yet (`cairn dataset create`).</p> : null}
      {rows?.length ? <DatasetTable ws={ws.name} rows={rows} versions={name ? undefined : data!} /> : null}
    </div>
  );
}

function DatasetTable({ ws, rows, versions }: { ws: string; rows: Dataset[]; versions?: Dataset[] }) {
  return (
    <table className="list">
      <Head labels={['Dataset', 'Version', ...(versions ? ['Versions'] : []), 'Kind', 'Datastore', 'Path', 'Files', 'Size', 'Created']} />
      <tbody>{rows.map((d) => (
        <tr key={d.id}>
          <td><Link href={datasetPath(ws, d.name, d.version)}>{d.name}</Link></td>
          <td className="num">{d.version}</td>
          {versions ? <td className="num"><Link href={wsPath(ws, `/datasets?name=${encodeURIComponent(d.name)}`)} aria-label={`Versions of ${d.name}`}>{versions.filter((v) => v.name === d.name).length}</Link></td> : null}
          <td>{d.kind}</td><td>{d.datastore}</td><td className="path">{d.path}</td><td className="num">{d.fileCount}</td>
          <td>{formatBytes(d.size)}</td><td>{`${formatTime(d.createdAt)} by ${d.createdBy}`}</td>
        </tr>
      ))}</tbody>
    </table>
  );
}
