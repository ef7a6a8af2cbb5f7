/** Environments: each with its versions, the spec of the chosen one and its builds with their logs. */
import { api, type EnvironmentVersion } from '@cairn/api';
import { useState } from 'react';
import type { PageProps } from '../router.js';
import { runPath, wsPath } from '../router.js';
import { ErrorBox } from '../ui/errors.js';
import { formatTime } from '../ui/format.js';
import { Link } from '../ui/link.js';
import { Head } from '../ui/table.js';
import { useResource } from '../ui/use-resource.js';
import { useTitle } from '../ui/use-title.js';

/** The environments page; `?name=` shows that environment's versions and builds. */
export default function Environments(props: PageProps) {
  const chosen = props.query.get('name');
  useTitle(chosen ? `Environment ${chosen}` : 'Environments');
  return (
    <div className="page page-wide">
      <h1>{chosen ? `Environment ${chosen}` : 'Environments'}</h1>
      {chosen ? <Versions {...props} name={chosen} /> : <List {...props} />}
    </div>
  );
}

function List({ ws }: PageProps) {
  const { data, error } = useResource(() => ws.environments.list(), [ws], { every: 5000 });
  return (
    <>
      <ErrorBox error={error} />
      {data ? (
        <table className="list">
          <Head labels={['Environment', 'Latest version', 'Versions', 'Built in']} />
          <tbody>{data.map((e) => (
            <tr key={e.name}>
              <td><Link href={wsPath(ws.name, `/environments?name=${encodeURIComponent(e.name)}`)}>{e.name}</Link></td>
              <td className="num">{e.latestVersion}</td><td className="num">{e.versionCount}</td><td>{e.builtIn ? 'yes' : 'no'}</td>
            </tr>
          ))}</tbody>
        </table>
      ) : null}
    </>
  );
}

function Versions({ ws, name }: PageProps & { name: string }) {
  // Builds finish while the page is open, so versions and their builds are re-read.
  const { data, error } = useResource(async () => Promise.all((await ws.environments.versions(name)).map(async (v) => ({ v, builds: await ws.environments.builds(v.name, v.version) }))), [ws, name], { every: 5000 });
  return (
    <div>
      <Link href={wsPath(ws.name, '/environments')}>← Environments</Link>
      <ErrorBox error={error} />
      {data?.map(({ v, builds }) => <Version key={v.version} ws={ws} v={v} builds={builds} />)}
    </div>
  );
}

function Version({ ws, v, builds }: { ws: PageProps['ws']; v: EnvironmentVersion; builds: Awaited<ReturnType<PageProps['ws']['environments']['builds']>> }) {
  const params = { workspace: ws.name, environment: v.name, version: v.version };
  const { name: _n, version: _v, hash, ...spec } = v;
  return (
    <section>
      <h2>Version {v.version}</h2>
      <p className="help">hash {hash}</p>
      <pre className="file-text">{JSON.stringify(spec, null, 2)}</pre>
      {builds.length === 0 ? <p className="empty">Not built yet.</p> : (
        <table className="list">
          <Head labels={['Build', 'Status', 'Node', 'Took', 'When', 'For run', 'Log']} />
          <tbody>{builds.map((b) => <Build key={b.id} ws={ws} params={{ ...params, build: b.id }} b={b} />)}</tbody>
        </table>
      )}
    </section>
  );
}

type BuildInfo = Awaited<ReturnType<PageProps['ws']['environments']['builds']>>[number];

// A build's row; its log opens below it, read with the session, as text.
function Build({ ws, params, b }: { ws: PageProps['ws']; params: { workspace: string; environment: string; version: number; build: number }; b: BuildInfo }) {
  const [open, setOpen] = useState(false);
  const log = useResource(async () => (open ? (await ws.transport.fetch(api.environments.buildLog, { params }, { accept: '*/*' })).text() : null), [ws, open, params.build]);
  return <>
    <tr>
      <td>{b.id}</td><td>{b.status}</td><td>{b.node}</td><td>{`${(b.durationMs / 1000).toFixed(1)} s${b.reused ? ' (reused)' : ''}`}</td>
      <td>{formatTime(b.createdAt)}</td>
      <td>{b.runId ? <Link href={runPath(ws.name, b.runId)}>{b.runId}</Link> : '–'}</td>
      <td className="actions">
        <button type="button" aria-expanded={open} onClick={() => setOpen(!open)}>{open ? `Hide log of build ${b.id}` : `Show log of build ${b.id}`}</button>
        <a href={ws.transport.href(api.environments.buildLog, { params })} download="">Download log</a>
      </td>
    </tr>
    {open ? <tr><td colSpan={7}><ErrorBox error={log.error} />{typeof log.data === 'string' ? <pre className="file-text" aria-label={`Log of build ${b.id}`}>{log.data}</pre> : null}</td></tr> : null}
  </>;
}
