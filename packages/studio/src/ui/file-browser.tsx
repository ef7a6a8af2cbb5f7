/**
 * A file browser: folders from the paths, preview of text and raster images, download of anything.
 * HTML and SVG are never rendered: they preview as text, and downloads come as attachments.
 */
import { useEffect, useState } from 'react';
import { ErrorBox } from './errors.js';
import { formatBytes } from './format.js';

/** A file as the browser lists it. */
export interface BrowsedFile {
  path: string;
  size: number;
  contentType?: string;
}

/** Where a file's bytes come from: a link the browser follows, and a read with the session. */
export interface FileSource {
  href(path: string): string;
  blob(path: string): Promise<Blob>;
}

const TEXT_LIMIT = 512 * 1024;
const RASTER: Record<string, string> = { png: 'image/png', jpg: 'image/jpeg', jpeg: 'image/jpeg', gif: 'image/gif', webp: 'image/webp' };
const TEXTUAL = /^(text\/|application\/(json|xml|x-yaml|yaml|javascript|x-sh|x-python))|\+xml$|\+json$/;
const TEXT_EXTENSIONS = ['txt', 'log', 'py', 'json', 'yaml', 'yml', 'csv', 'md', 'html', 'svg', 'xml', 'sh', 'cfg', 'ini', 'toml', 'r', 'ipynb'];

/** The tree on the left, the chosen file's preview on the right. */
export function FileBrowser({ files, label, source }: { files: BrowsedFile[]; label: string; source: FileSource }) {
  const [chosen, setChosen] = useState<BrowsedFile>();
  return (
    <div className="files">
      <ul className="file-tree" aria-label={label}><Folder items={files} prefix="" show={setChosen} /></ul>
      <section className="preview" aria-live="polite" aria-label="Preview">
        {chosen ? <>
          <h2>{chosen.path}</h2>
          <a href={source.href(chosen.path)} download={chosen.path.split('/').pop()}>{`Download (${formatBytes(chosen.size)})`}</a>
          <Preview key={chosen.path} file={chosen} source={source} />
        </> : null}
      </section>
    </div>
  );
}

function Folder({ items, prefix, show }: { items: BrowsedFile[]; prefix: string; show(f: BrowsedFile): void }) {
  const folders = new Map<string, BrowsedFile[]>();
  const here: BrowsedFile[] = [];
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

function Preview({ file, source }: { file: BrowsedFile; source: FileSource }) {
  const ext = file.path.split('.').pop()?.toLowerCase() ?? '';
  const textual = TEXTUAL.test(file.contentType ?? '') || TEXT_EXTENSIONS.includes(ext);
  const raster = RASTER[ext] && !textual ? RASTER[ext] : undefined;
  const readable = (textual && file.size <= TEXT_LIMIT) || Boolean(raster);
  const [shown, setShown] = useState<{ text?: string; url?: string }>();
  const [error, setError] = useState<unknown>();
  useEffect(() => {
    if (!readable) return;
    let gone = false;
    let url: string | undefined;
    source.blob(file.path).then(async (blob) => {
      if (gone) return;
      // A raster image is shown from a blob URL typed by its extension, never by what the server said.
      if (raster) setShown({ url: (url = URL.createObjectURL(new Blob([blob], { type: raster }))) });
      else setShown({ text: await blob.text() });
    }).catch(setError);
    return () => { gone = true; if (url) URL.revokeObjectURL(url); };
  }, [file.path, source, readable, raster]);
  if (!textual && !raster) return <p>No preview for this type; download it instead.</p>;
  if (!readable) return <p>Too large to preview; download it instead.</p>;
  if (error) return <ErrorBox error={error} />;
  if (shown?.url) return <img src={shown.url} alt={file.path} className="file-image" />;
  return shown?.text === undefined ? null : <pre className="file-text">{shown.text}</pre>;
}
