/**
 * Run files as a browser: folders from the paths, preview of text and raster images, download of
 * anything. HTML and SVG are never rendered: they preview as text, and downloads come as attachments.
 */
import type { Run, RunFile } from '@cairn/api';
import type { PageContext } from '../router.js';
import { h, replace } from '../ui/dom.js';
import { errorBox } from '../ui/errors.js';
import { formatBytes } from '../ui/format.js';
import type { Tab } from './run.js';

const TEXT_LIMIT = 512 * 1024;
const RASTER: Record<string, string> = { png: 'image/png', jpg: 'image/jpeg', jpeg: 'image/jpeg', gif: 'image/gif', webp: 'image/webp' };
const TEXTUAL = /^(text\/|application\/(json|xml|x-yaml|yaml|javascript|x-sh|x-python))|\+xml$|\+json$/;

/** The files tab. */
export default async function files(ctx: PageContext, run: Run): Promise<Tab> {
  const urls: string[] = [];
  const preview = h('section', { class: 'preview', 'aria-live': 'polite', 'aria-label': 'Preview' });
  let items: RunFile[];
  try {
    items = await ctx.ws.files(run.id);
  } catch (error) {
    return { el: errorBox(error) };
  }
  const show = async (file: RunFile) => {
    replace(preview, h('h2', {}, file.path), h('a', { href: ctx.ws.fileHref(run.id, file.path), download: '' }, `Download (${formatBytes(file.size)})`));
    preview.append(await previewOf(ctx, run, file, urls));
  };
  const tree = h('ul', { class: 'file-tree', 'aria-label': 'Run files' }, ...folderItems(items, '', show));
  const el = items.length === 0 ? h('p', { class: 'empty' }, 'This run has no files.') : h('div', { class: 'files' }, tree, preview);
  return { el, dispose: () => urls.forEach((u) => URL.revokeObjectURL(u)) };
}

function folderItems(items: RunFile[], prefix: string, show: (f: RunFile) => void): HTMLElement[] {
  const folders = new Map<string, RunFile[]>();
  const here: RunFile[] = [];
  for (const file of items) {
    const rest = file.path.slice(prefix.length);
    const slash = rest.indexOf('/');
    if (slash < 0) here.push(file);
    else folders.set(rest.slice(0, slash), [...(folders.get(rest.slice(0, slash)) ?? []), file]);
  }
  const dirs = [...folders].map(([name, inside]) => h('li', {}, h('details', { open: prefix === '' }, h('summary', {}, `${name}/`),
    h('ul', {}, ...folderItems(inside, `${prefix}${name}/`, show)))));
  const leaves = here.map((file) => h('li', {}, h('button', { type: 'button', class: 'linkish', onclick: () => show(file) }, file.path.slice(prefix.length)), ` ${formatBytes(file.size)}`));
  return [...dirs, ...leaves];
}

async function previewOf(ctx: PageContext, run: Run, file: RunFile, urls: string[]): Promise<HTMLElement> {
  const ext = file.path.split('.').pop()?.toLowerCase() ?? '';
  const textual = TEXTUAL.test(file.contentType) || ['txt', 'log', 'py', 'json', 'yaml', 'yml', 'csv', 'md', 'html', 'svg', 'xml'].includes(ext);
  if (!RASTER[ext] && !textual) return h('p', {}, 'No preview for this type; download it instead.');
  if (textual && file.size > TEXT_LIMIT) return h('p', {}, 'Too large to preview; download it instead.');
  try {
    const blob = await ctx.ws.fileBlob(run.id, file.path);
    if (RASTER[ext] && !textual) {
      const url = URL.createObjectURL(new Blob([blob], { type: RASTER[ext] }));
      urls.push(url);
      return h('img', { src: url, alt: file.path, class: 'file-image' });
    }
    return h('pre', { class: 'file-text' }, await blob.text());
  } catch (error) {
    return errorBox(error);
  }
}
