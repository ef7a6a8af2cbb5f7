/** Endpoints with their health: the endpoints page's table and the home page's section. */
import type { Endpoint } from '@cairn/api';
import { endpointPath } from '../router.js';
import { formatTime, StateBadge, trafficText } from './format.js';
import { Link } from './link.js';
import { Head } from './table.js';

/** A table of endpoints: state, deployments ready of running, traffic, scoring URL. */
export function EndpointsTable({ ws, endpoints, caption }: { ws: string; endpoints: Endpoint[]; caption: string }) {
  if (endpoints.length === 0) return <p className="empty">{`${caption}: none deployed.`}</p>;
  return (
    <table className="list">
      <caption>{caption}</caption>
      <Head labels={['Endpoint', 'State', 'Deployments', 'Replicas ready', 'Traffic', 'Scoring URL', 'Created']} />
      <tbody>{endpoints.map((e) => {
        const replicas = e.deployments.reduce((n, d) => ({ count: n.count + d.replicas.count, ready: n.ready + d.replicas.ready }), { count: 0, ready: 0 });
        return (
          <tr key={e.name}>
            <td><Link href={endpointPath(ws, e.name)}>{e.name}</Link></td><td><StateBadge state={e.state} /></td>
            <td className="num">{e.deployments.length}</td><td className="num">{`${replicas.ready} of ${replicas.count}`}</td>
            <td>{trafficText(e.traffic)}</td><td className="path">{e.scoringUrl}</td><td>{formatTime(e.createdAt)}</td>
          </tr>
        );
      })}</tbody>
    </table>
  );
}
