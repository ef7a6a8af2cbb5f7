/**
 * One dataset version: details, its other versions, a sample of its files (all on request), the
 * schema and profile of a tabular one (with the profiling job's log), and lineage: the runs that
 * read or wrote it. Re-read while its profile is being computed.
 */
import type { DatasetDetail, DatasetProfile } from '@cairn/api';
import { useState } from 'react';
import type { PageProps } from '../router.js';
import { datasetPath, runPath, wsPath } from '../router.js';
import { ErrorBox } from '../ui/errors.js';
import { formatBytes, formatTime, formatValue } from '../ui/format.js';
import { Link } from '../ui/link.js';
import { Head, Row } from '../ui/table.js';
import { useResource } from '../ui/use-resource.js';
import { useTitle } from '../ui/use-title.js';

/** The dataset version page. */
export default function DatasetPage({ ws, params }: PageProps) {
  const name = params['name']!;
  const ref = `${name}:${params['version']!}`;
  useTitle(`Dataset ${ref}`);
  const { data: d, error } = useResource(() => ws.datasets.get(ref), [ws, ref], { every: 5000 });
  const versions = useResource(() => ws.datasets.list(name), [ws, name], { every: 10_000 });
  return (
    <div className="page page-wide">
      <h1>{`Dataset ${ref}`}</h1>
      <p className="crumbs"><Link href={wsPath(ws.name, '/datasets')}>← Datasets</Link></p>
      <ErrorBox error={error} />
      {d ? <>
        <Details d={d} />
        <section><h2>Versions</h2><ul className="inline-list">{versions.data?.map((v) => (
          <li key={v.version}>{v.version === d.version ? <strong>{`${v.version} (this one)`}</strong> : <Link href={datasetPath(ws.name, v.name, v.version)}>{`Version ${v.version}`}</Link>}</li>
        ))}</ul></section>
        <Lineage ws={ws.name} d={d} />
        {d.kind === 'tabular' ? <Profile profile={d.profile} /> : null}
        <Files ws={ws} d={d} />
      </> : null}
    </div>
  );
}

function Details({ d }: { d: DatasetDetail }) {
  return (
    <section>
      <h2>Details</h2>
      <table className="props"><tbody>
        <Row label="Kind">{d.kind}</Row><Row label="Datastore">{d.datastore}</Row><Row label="Path">{d.path}</Row>
        {d.separator ? <Row label="Separator">{JSON.stringify(d.separator)}</Row> : null}
        <Row label="Description">{d.description || '–'}</Row><Row label="Files">{`${d.fileCount} (${formatBytes(d.size)})`}</Row>
        <Row label="Created">{`${formatTime(d.createdAt)} by ${d.createdBy}`}</Row>
      </tbody></table>
    </section>
  );
}

function Lineage({ ws, d }: { ws: string; d: DatasetDetail }) {
  return (
    <section>
      <h2>Lineage</h2>
      {d.lineage.length === 0 ? <p className="empty">No run has read or written this version yet.</p> : (
        <table className="list" aria-label="Runs that read or wrote this version">
          <Head labels={['Run', 'Direction', 'As']} />
          <tbody>{d.lineage.map((l) => (
            <tr key={`${l.runId}/${l.direction}/${l.name}`}><td><Link href={runPath(ws, l.runId)}>{l.runId}</Link></td><td>{l.direction === 'input' ? 'read (input)' : 'wrote (output)'}</td><td>{l.name}</td></tr>
          ))}</tbody>
        </table>
      )}
    </section>
  );
}

function Profile({ profile }: { profile: DatasetProfile | null }) {
  if (!profile) return <section><h2>Schema and profile</h2><p className="empty">Not profiled.</p></section>;
  return (
    <section>
      <h2>Schema and profile</h2>
      <p>{`Profile ${profile.status}${profile.rowCount === null ? '' : ` · ${profile.rowCount.toLocaleString()} rows`}`}</p>
      {profile.error ? <div className="error" role="alert">{`${profile.error.code}: ${profile.error.message}`}</div> : null}
      {profile.columns.length ? (
        <div className="scroll-x"><table className="list" aria-label="Columns">
          <Head labels={['Column', 'Type', 'Missing', 'Min', 'Max', 'Mean', 'Distinct', 'Most common']} />
          <tbody>{profile.columns.map((c) => (
            <tr key={c.name}><th scope="row">{c.name}</th><td>{c.type}</td><td className="num">{c.missing}</td><td className="num">{formatValue(c.min)}</td>
              <td className="num">{formatValue(c.max)}</td><td className="num">{formatValue(c.mean)}</td><td className="num">{c.distinct}</td>
              <td>{c.top.map((t) => `${t.value} (${t.count})`).join(', ')}</td></tr>
          ))}</tbody>
        </table></div>
      ) : null}
      {profile.log.length ? <details><summary>Profiling log</summary><pre className="file-text">{profile.log.join('\n')}</pre></details> : null}
    </section>
  );
}

function Files({ ws, d }: { ws: PageProps['ws']; d: DatasetDetail }) {
  const [all, setAll] = useState(false);
  const files = useResource(async () => (all ? ws.datasets.files(`${d.name}:${d.version}`) : null), [ws, d.name, d.version, all]);
  return (
    <section>
      <h2>Files</h2>
      {all ? <>
        <ErrorBox error={files.error} />
        {files.data ? <table className="list" aria-label="Files of this version"><Head labels={['Path', 'Size', 'ETag / mtime', 'SHA-256']} /><tbody>{files.data.map((f) => (
          <tr key={f.path}><td className="path">{f.path}</td><td>{formatBytes(f.size)}</td><td>{f.etag ?? '–'}</td><td className="hash">{f.sha256 ?? '–'}</td></tr>
        ))}</tbody></table> : null}
      </> : <>
        <p className="help">{`A sample of ${d.sample.length} of ${d.fileCount} files.`}</p>
        <ul className="file-sample">{d.sample.map((p) => <li key={p}>{p}</li>)}</ul>
        {d.fileCount > 0 ? <button type="button" onClick={() => setAll(true)}>{`Show all ${d.fileCount} files`}</button> : null}
      </>}
    </section>
  );
}
