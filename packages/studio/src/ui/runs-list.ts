/** A short list of runs (home page, children), each linked, with status and duration. */
import type { Run } from '@cairn/api';
import { runPath } from '../router.js';
import { h } from './dom.js';
import { formatDuration, formatTime, statusBadge } from './format.js';
import { link } from './link.js';

/** A table of runs with name, experiment, status, start and duration. */
export function runsTable(ws: string, runs: Run[], caption: string): HTMLElement {
  if (runs.length === 0) return h('p', { class: 'empty' }, `${caption}: none.`);
  return h('table', { class: 'list' },
    h('caption', {}, caption),
    h('thead', {}, h('tr', {}, ...['Run', 'Experiment', 'Status', 'Created', 'Duration'].map((c) => h('th', { scope: 'col' }, c)))),
    h('tbody', {}, ...runs.map((run) => h('tr', {},
      h('td', {}, link(runPath(ws, run.id), run.displayName || run.id)),
      h('td', {}, run.experiment), h('td', {}, statusBadge(run.status)),
      h('td', {}, formatTime(run.createdAt)), h('td', {}, formatDuration(run.durationSeconds))))));
}
