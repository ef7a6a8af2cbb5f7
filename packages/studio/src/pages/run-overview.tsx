/** A run's overview: status with its reason, times, compute, error, editable tags, properties, cancel, re-submit. */
import { api, isTerminal, type Run } from '@cairn/api';
import { useState, type FormEvent } from 'react';
import { runPath, wsPath } from '../router.js';
import { Link } from '../ui/link.js';
import { ErrorBox } from '../ui/errors.js';
import { formatDuration, formatTime, StatusBadge } from '../ui/format.js';
import { Row } from '../ui/table.js';
import { RunConfiguration, RunModels } from './run-origins.js';
import type { TabProps } from './run.js';

type Act = (work: () => Promise<unknown>) => Promise<void>;

/** The overview tab. */
export default function Overview(props: TabProps) {
  const [problem, setProblem] = useState<unknown>();
  const act: Act = async (work) => {
    setProblem(undefined);
    try { await work(); await props.reload(); } catch (error) { setProblem(error); }
  };
  return (
    <div className="overview">
      <Details {...props} act={act} />
      <Tags {...props} act={act} />
      <Properties run={props.run} />
      {props.run.type === 'azureml.scriptrun' ? <RunConfiguration ws={props.ws} run={props.run} /> : null}
      <RunModels ws={props.ws} run={props.run} />
      <div aria-live="polite"><ErrorBox error={problem} /></div>
    </div>
  );
}

function Details({ ws, run, navigate, act }: TabProps & { act: Act }) {
  // Only submitted runs have a configuration and snapshot to run again; interactive runs have neither.
  const resubmit = () => act(async () => navigate(runPath(ws.name, (await resubmitRun(ws, run)).id)));
  return (
    <section>
      <h2>Details</h2>
      <table className="props"><tbody>
        <Row label="Status"><span><StatusBadge status={run.status} />{run.statusReason ? ` — ${run.statusReason}` : ''}</span></Row>
        <Row label="Run id">{run.id}</Row><Row label="Experiment"><Link href={wsPath(ws.name, `/runs?experiment=${encodeURIComponent(run.experiment)}`)}>{run.experiment}</Link></Row>
        <Row label="Compute">{run.computeTarget}</Row><Row label="Type">{run.type}</Row>
        <Row label="Created">{`${formatTime(run.createdAt)} by ${run.createdBy}`}</Row><Row label="Started">{formatTime(run.startedAt)}</Row>
        <Row label="Ended">{formatTime(run.endedAt)}</Row><Row label="Duration">{formatDuration(run.durationSeconds)}</Row>
        <Row label="Git commit">{run.properties['azureml.git.commit'] ?? run.properties['git.commit'] ?? '–'}</Row>
        {run.description ? <Row label="Description">{run.description}</Row> : null}
        {run.error ? <Row label="Error"><span className="error-text">{`${run.error.code}: ${run.error.message}`}</span></Row> : null}
      </tbody></table>
      <div className="toolbar">
        {isTerminal(run.status) ? null : <button type="button" onClick={() => void act(() => ws.runs.cancel(run.id))}>Cancel run</button>}
        {run.type === 'azureml.scriptrun' ? <button type="button" onClick={() => void resubmit()}>Re-submit</button> : null}
      </div>
    </section>
  );
}

function Tags({ ws, run, act }: TabProps & { act: Act }) {
  const [key, setKey] = useState('');
  const [value, setValue] = useState('');
  const submit = (e: FormEvent) => { e.preventDefault(); void act(async () => { await ws.runs.setTags(run.id, { [key]: value }); setKey(''); setValue(''); }); };
  const entries = Object.entries(run.tags);
  return (
    <section>
      <h2>Tags</h2>
      {entries.length === 0 ? <p className="empty">No tags.</p> : (
        <table className="props"><tbody>{entries.map(([k, v]) => (
          <tr key={k}><th scope="row">{k}</th><td>{v ?? ''}</td>
            <td><button type="button" aria-label={`Remove tag ${k}`} onClick={() => void act(() => ws.runs.setTags(run.id, {}, [k]))}>Remove</button></td></tr>
        ))}</tbody></table>
      )}
      <form className="inline-form" aria-label="Add or change a tag" onSubmit={submit}>
        <label htmlFor="tag-key">Tag</label><input id="tag-key" required maxLength={255} value={key} onChange={(e) => setKey(e.target.value)} />
        <label htmlFor="tag-value">Value</label><input id="tag-value" maxLength={5000} value={value} onChange={(e) => setValue(e.target.value)} />
        <button type="submit">Set tag</button>
      </form>
    </section>
  );
}

function Properties({ run }: { run: Run }) {
  const entries = Object.entries(run.properties);
  return (
    <section>
      <h2>Properties</h2>
      {entries.length === 0 ? <p className="empty">No properties.</p> : <table className="props"><tbody>{entries.map(([k, v]) => <Row key={k} label={k}>{v ?? ''}</Row>)}</tbody></table>}
    </section>
  );
}

/** Submits a run again with the configuration and snapshot it ran with; answers the new run. */
async function resubmitRun(ws: TabProps['ws'], run: Run): Promise<Run> {
  const spec = await ws.transport.call(api.execution.spec, { params: { workspace: ws.name, runId: run.id } });
  const tags = Object.fromEntries(Object.entries(run.tags).filter(([, v]) => v !== null)) as Record<string, string>;
  return ws.transport.call(api.execution.submit, { params: { workspace: ws.name }, body: {
    experiment: run.experiment, runConfig: spec.runConfig, snapshotId: spec.snapshotId, displayName: run.displayName, description: run.description, tags,
  } });
}
