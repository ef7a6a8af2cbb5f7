/**
 * Run files as a browser: folders from the paths, preview of text and raster images, download of
 * anything. HTML and SVG are never rendered: they preview as text, and downloads come as attachments.
 */
import { isTerminal, type RunFile } from '@cairn/api';
import { useEffect, useState } from 'react';
import type { StudioWorkspace } from '../api/client.js';
import { ErrorBox } from '../ui/errors.js';
import { formatBytes } from '../ui/format.js';
import { useResource } from '../ui/use-resource.js';
import { RunImage } from './metric-views.js';
import type { TabProps } from './run.js';

const TEXT_LIMIT = 512 * 1024;
const RASTER = ['png', 'jpg', 'jpeg', 'gif', 'webp'];
const TEXTUAL = /^(text\/|application\/(json|xml|x-yaml|yaml|javascript|x-sh|x-python))|\+xml$|\+json$/;

/** The files tab; the list is re-read while the run is live (./logs files stream in). */
export default function Files({ ws, run }: TabProps) {
  const { data: items, error } = useResource(() => ws.files.list(run.id), [ws, run.id], { every: 5000, live: () => !isTerminal(run.status) });
  const [chosen, setChosen] = useState<RunFile>();
  if (!items) return <ErrorBox error={error} />;
  if (items.length === 0) return <p className="empty">This run has no files.</p>;
  return (
    <div className="files">
      <ul className="file-tree" aria-label="Run files"><Folder items={items} prefix="" show={setChosen} /></ul>
      <section className="preview" aria-live="polite" aria-label="Preview">
        {chosen ? <>
          <h2>{chosen.path}</h2>
          <a href={ws.fileHref(run.id, chosen.path)} download="">{`Download (${formatBytes(chosen.size)})`}</a>
          <Preview key={chosen.path} ws={ws} runId={run.id} file={chosen} />
        </> : null}
      </section>
    </div>
  );
}

function Folder({ items, prefix, show }: { items: RunFile[]; prefix: string; show(f: RunFile): void }) {
  const folders = new Map<string, RunFile[]>();
  const here: RunFile[] = [];
  for (const file of items) {
    const rest = file.path.slice(prefix.length);
    const slash = rest.indexOf('/');
    if (slash < 0) here.push(file);
    else folders.set(rest.slice(0, slash), [...(folders.get(rest.slice(0, slash)) ?? []), file]);
  }
  return <>
    {[...folders].map(([name, inside]) => (
      <li key={`d${name}`}><details open={prefix === ''}><summary>{`${name}/`}</summary><ul><Folder items={inside} prefix={`${prefix}${name}/`} show={show} /></ul></details></li>
    ))}
    {here.map((file) => (
      <li key={file.path}><button type="button" className="linkish" onClick={() => show(file)}>{file.path.slice(prefix.length)}</button>{` ${formatBytes(file.size)}`}</li>
    ))}
  </>;
}

function Preview({ ws, runId, file }: { ws: StudioWorkspace; runId: string; file: RunFile }) {
  const ext = file.path.split('.').pop()?.toLowerCase() ?? '';
  const textual = TEXTUAL.test(file.contentType) || ['txt', 'log', 'py', 'json', 'yaml', 'yml', 'csv', 'md', 'html', 'svg', 'xml'].includes(ext);
  const [text, setText] = useState<string>();
  const [error, setError] = useState<unknown>();
  const readable = textual && file.size <= TEXT_LIMIT;
  useEffect(() => {
    if (!readable) return;
    let gone = false;
    ws.fileBlob(runId, file.path).then((b) => b.text()).then((t) => { if (!gone) setText(t); }, setError);
    return () => { gone = true; };
  }, [ws, runId, file.path, readable]);
  if (RASTER.includes(ext) && !textual) return <RunImage ws={ws} runId={runId} path={file.path} className="file-image" />;
  if (!textual) return <p>No preview for this type; download it instead.</p>;
  if (!readable) return <p>Too large to preview; download it instead.</p>;
  if (error) return <ErrorBox error={error} />;
  return text === undefined ? null : <pre className="file-text">{text}</pre>;
}
