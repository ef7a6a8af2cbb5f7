/** Compute targets of the workspace, as the compute routes report them, refreshed every few seconds. */
import { api } from '@cairn/api';
import type { PageProps } from '../router.js';
import { ErrorBox } from '../ui/errors.js';
import { formatValue } from '../ui/format.js';
import { Head } from '../ui/table.js';
import { useResource } from '../ui/use-resource.js';
import { useTitle } from '../ui/use-title.js';

/** The compute page. */
export default function Compute({ ws }: PageProps) {
  useTitle('Compute');
  const { data, error } = useResource(async () => (await ws.transport.call(api.compute.list, { params: { workspace: ws.name } })).items, [ws], { every: 5000 });
  const keys = [...new Set((data ?? []).flatMap((t) => Object.keys(t)))];
  return (
    <div className="page page-wide">
      <h1>Compute</h1>
      <ErrorBox error={error} />
      {data ? (
        <table className="list">
          <Head labels={keys} />
          <tbody>{data.map((t) => <tr key={t.name}>{keys.map((k) => <td key={k}>{formatValue((t as Record<string, unknown>)[k])}</td>)}</tr>)}</tbody>
        </table>
      ) : null}
    </div>
  );
}
