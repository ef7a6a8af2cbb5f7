/** The workspace's endpoints with their state, refreshed every few seconds. */
import type { PageProps } from '../router.js';
import { EndpointsTable } from '../ui/endpoint-health.js';
import { ErrorBox } from '../ui/errors.js';
import { useResource } from '../ui/use-resource.js';
import { useTitle } from '../ui/use-title.js';

/** The endpoints page. */
export default function Endpoints({ ws }: PageProps) {
  useTitle('Endpoints');
  const { data, error } = useResource(() => ws.endpoints.list(), [ws], { every: 3000 });
  return (
    <div className="page page-wide">
      <h1>Endpoints</h1>
      <ErrorBox error={error} />
      {data ? <EndpointsTable ws={ws.name} endpoints={data} caption="Endpoints" /> : null}
      {data?.length === 0 ? <p className="help">Deploy a model with `cairn endpoint create`.</p> : null}
    </div>
  );
}
