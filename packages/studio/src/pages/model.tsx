/** One model version: details, lineage (datasets → run → model → endpoints), files to download. */
import { api, type ModelDetail } from '@cairn/api';
import type { ReactNode } from 'react';
import type { PageProps } from '../router.js';
import { datasetRefPath, endpointPath, runPath, wsPath } from '../router.js';
import { ErrorBox } from '../ui/errors.js';
import { formatBytes, formatTime } from '../ui/format.js';
import { Link } from '../ui/link.js';
import { Row } from '../ui/table.js';
import { useResource } from '../ui/use-resource.js';
import { useTitle } from '../ui/use-title.js';

/** The model version page. */
export default function Model({ ws, params }: PageProps) {
  const ref = `${params['name']!}:${params['version']!}`;
  useTitle(ref);
  const { data: m, error } = useResource(() => ws.models.get(ref), [ws, ref], { every: 10_000 });
  return (
    <div className="page">
      <h1>{ref}</h1>
      <p className="crumbs"><Link href={wsPath(ws.name, '/models')}>← Models</Link></p>
      <ErrorBox error={error} />
      {m ? <><Details m={m} /><Lineage ws={ws.name} m={m} /><Files ws={ws} m={m} /></> : null}
    </div>
  );
}

function Details({ m }: { m: ModelDetail }) {
  return (
    <section>
      <h2>Details</h2>
      <table className="props"><tbody>
        <Row label="Framework">{`${m.framework}${m.frameworkVersion ? ` ${m.frameworkVersion}` : ''}`}</Row>
        <Row label="Description">{m.description || '–'}</Row>
        <Row label="Aliases">{m.aliases.join(', ') || '–'}</Row>
        <Row label="Registered">{`${formatTime(m.createdAt)} by ${m.createdBy}`}</Row>
        {Object.entries(m.tags).map(([k, v]) => <Row key={`t${k}`} label={`tag ${k}`}>{v ?? ''}</Row>)}
        {Object.entries(m.properties).map(([k, v]) => <Row key={`p${k}`} label={`property ${k}`}>{v ?? ''}</Row>)}
      </tbody></table>
    </section>
  );
}

function Box({ title, items }: { title: string; items: ReactNode[] }) {
  return <div className="lineage-box" role="listitem"><strong>{title}</strong>{(items.length ? items : ['none']).map((item, i) => <div key={i}>{item}</div>)}</div>;
}

// The lineage as a left-to-right chain of boxes, each linked where the studio has a page for it.
function Lineage({ ws, m }: { ws: string; m: ModelDetail }) {
  const run = m.lineage.run;
  const arrow = <span aria-hidden="true">→</span>;
  return (
    <section>
      <h2>Lineage</h2>
      <div className="lineage" role="list" aria-label="Lineage: datasets, run, model, endpoints">
        <Box title="Datasets" items={m.lineage.datasets.map((d) => <Link href={datasetRefPath(ws, d)}>{d}</Link>)} />{arrow}
        <Box title="Run" items={run ? [<Link href={runPath(ws, run.id)}>{run.displayName || run.id}</Link>, `${run.experiment} · ${run.status}`] : []} />{arrow}
        <Box title="Model" items={[`${m.name}:${m.version}`]} />{arrow}
        <Box title="Endpoints" items={m.lineage.endpoints.map((e) => <Link href={endpointPath(ws, e.endpoint)}>{`${e.endpoint}/${e.deployment}${e.active ? '' : ' (inactive)'}`}</Link>)} />
      </div>
    </section>
  );
}

function Files({ ws, m }: { ws: PageProps['ws']; m: ModelDetail }) {
  return (
    <section>
      <h2>Files</h2>
      <ul>{m.files.map((f) => (
        <li key={f.path}>
          <a href={ws.transport.href(api.models.download, { params: { workspace: ws.name, name: m.name, version: m.version, path: f.path } })} download="">{f.path}</a>
          {` ${formatBytes(f.size)}`}
        </li>
      ))}</ul>
    </section>
  );
}
