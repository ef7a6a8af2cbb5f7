/** A run's overview: status with its reason, times, compute, error, editable tags, properties, cancel. */
import { api, isTerminal, type Run } from '@cairn/api';
import { runPath, type PageContext } from '../router.js';
import { h, keepFocus, replace } from '../ui/dom.js';
import { errorBox } from '../ui/errors.js';
import { formatDuration, formatTime, statusBadge } from '../ui/format.js';
import { poll } from '../ui/poll.js';
import type { Tab } from './run.js';

const row = (label: string, value: Node | string) => h('tr', {}, h('th', { scope: 'row' }, label), h('td', {}, value));

/** The overview tab. */
export default function overview(ctx: PageContext, first: Run, reload: () => Promise<Run>): Tab {
  const el = h('div', { class: 'overview' });
  const message = h('div', { 'aria-live': 'polite' });
  let run = first;
  const act = async (work: () => Promise<unknown>) => {
    replace(message);
    try { await work(); run = await reload(); draw(); } catch (error) { replace(message, errorBox(error)); }
  };
  const draw = () => keepFocus(el, () => replace(el, details(run, act, ctx), tagEditor(ctx, run, act), properties(run), message));
  draw();
  const stop = poll(async () => { if (!isTerminal(run.status)) { run = await reload(); draw(); } }, 3000);
  return { el, dispose: stop };
}

function details(run: Run, act: (work: () => Promise<unknown>) => Promise<void>, ctx: PageContext): HTMLElement {
  const cancel = isTerminal(run.status) ? null : h('button', { type: 'button', onclick: () => act(() => ctx.ws.runs.cancel(run.id)) }, 'Cancel run');
  // Only submitted runs have a configuration and snapshot to run again; interactive runs have neither.
  const resubmit = run.type !== 'azureml.scriptrun' ? null : h('button', { type: 'button', onclick: () => act(async () => ctx.navigate(runPath(ctx.ws.name, (await resubmitRun(ctx, run)).id))) }, 'Re-submit');
  return h('section', {}, h('h2', {}, 'Details'), h('table', { class: 'props' }, h('tbody', {},
    row('Status', h('span', {}, statusBadge(run.status), run.statusReason ? ` — ${run.statusReason}` : '')),
    row('Run id', run.id), row('Experiment', run.experiment), row('Compute', run.computeTarget), row('Type', run.type),
    row('Created', `${formatTime(run.createdAt)} by ${run.createdBy}`), row('Started', formatTime(run.startedAt)),
    row('Ended', formatTime(run.endedAt)), row('Duration', formatDuration(run.durationSeconds)),
    row('Git commit', run.properties['azureml.git.commit'] ?? run.properties['git.commit'] ?? '–'),
    run.description ? row('Description', run.description) : null,
    run.error ? row('Error', h('span', { class: 'error-text' }, `${run.error.code}: ${run.error.message}`)) : null)), h('div', { class: 'toolbar' }, cancel, resubmit));
}

function tagEditor(ctx: PageContext, run: Run, act: (work: () => Promise<unknown>) => Promise<void>): HTMLElement {
  const key = h('input', { id: 'tag-key', required: true, maxlength: 255 });
  const value = h('input', { id: 'tag-value', maxlength: 5000 });
  const form = h('form', { class: 'inline-form', 'aria-label': 'Add or change a tag' },
    h('label', { for: 'tag-key' }, 'Tag'), key, h('label', { for: 'tag-value' }, 'Value'), value, h('button', { type: 'submit' }, 'Set tag'));
  form.addEventListener('submit', (e) => { e.preventDefault(); void act(() => ctx.ws.runs.setTags(run.id, { [key.value]: value.value })); });
  const entries = Object.entries(run.tags);
  return h('section', {}, h('h2', {}, 'Tags'),
    entries.length === 0 ? h('p', { class: 'empty' }, 'No tags.') : h('table', { class: 'props' }, h('tbody', {}, ...entries.map(([k, v]) =>
      h('tr', {}, h('th', { scope: 'row' }, k), h('td', {}, v ?? ''), h('td', {}, h('button', { type: 'button', 'aria-label': `Remove tag ${k}`, onclick: () => act(() => ctx.ws.runs.setTags(run.id, {}, [k])) }, 'Remove')))))),
    form);
}

function properties(run: Run): HTMLElement {
  const entries = Object.entries(run.properties);
  return h('section', {}, h('h2', {}, 'Properties'), entries.length === 0 ? h('p', { class: 'empty' }, 'No properties.')
    : h('table', { class: 'props' }, h('tbody', {}, ...entries.map(([k, v]) => row(k, v ?? '')))));
}

/** Submits a run again with the configuration and snapshot it ran with; answers the new run. */
async function resubmitRun(ctx: PageContext, run: Run): Promise<Run> {
  const params = { workspace: ctx.ws.name, runId: run.id };
  const spec = await ctx.ws.transport.call(api.execution.spec, { params });
  const tags = Object.fromEntries(Object.entries(run.tags).filter(([, v]) => v !== null)) as Record<string, string>;
  return ctx.ws.transport.call(api.execution.submit, { params: { workspace: ctx.ws.name }, body: {
    experiment: run.experiment, runConfig: spec.runConfig, snapshotId: spec.snapshotId, displayName: run.displayName, description: run.description, tags,
  } });
}
