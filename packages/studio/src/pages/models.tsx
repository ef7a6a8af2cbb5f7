/** Registered models: every version with framework, tags, aliases and where it came from. */
import type { PageProps } from '../router.js';
import { modelPath, runPath } from '../router.js';
import { ErrorBox } from '../ui/errors.js';
import { formatBytes, formatTime, tagsText } from '../ui/format.js';
import { Link } from '../ui/link.js';
import { Head } from '../ui/table.js';
import { useResource } from '../ui/use-resource.js';
import { useTitle } from '../ui/use-title.js';

/** The model list. */
export default function Models({ ws }: PageProps) {
  useTitle('Models');
  const { data, error } = useResource(async () => (await ws.models.list({ top: 1000 })).items, [ws], { every: 5000 });
  return (
    <div className="page page-wide">
      <h1>Models</h1>
      <ErrorBox error={error} />
      {data?.length === 0 ? <p className="empty">No models registered yet (`cairn model register`).</p> : null}
      {data?.length ? (
        <table className="list">
          <Head labels={['Model', 'Version', 'Framework', 'Aliases', 'Tags', 'From run', 'Size', 'Registered']} />
          <tbody>{data.map((m) => (
            <tr key={`${m.name}:${m.version}`}>
              <td><Link href={modelPath(ws.name, m.name, m.version)}>{m.name}</Link></td><td className="num">{m.version}</td>
              <td>{m.framework}</td><td>{m.aliases.join(', ')}</td><td>{tagsText(m.tags)}</td>
              <td>{m.runId ? <Link href={runPath(ws.name, m.runId)}>{m.runId}</Link> : '–'}</td><td>{formatBytes(m.size)}</td><td>{formatTime(m.createdAt)}</td>
            </tr>
          ))}</tbody>
        </table>
      ) : null}
    </div>
  );
}
