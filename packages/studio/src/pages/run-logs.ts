/**
 * Live logs: Server-Sent Events from `logs/follow` (the cookie rides along; reads need no CSRF
 * header), per rank and stream, searchable, following the tail unless the reader scrolls up.
 */
import { api, isTerminal, type LogLine, type Run, type RunStatus } from '@cairn/api';
import type { PageContext } from '../router.js';
import { h, replace } from '../ui/dom.js';
import { poll } from '../ui/poll.js';
import type { Tab } from './run.js';

const MAX_SHOWN = 5000;

/** The logs tab. */
export default function logs(ctx: PageContext, run: Run): Tab {
  const lines: LogLine[] = [];
  const ranks = new Set<number>();
  const rank = h('select', { id: 'log-rank' }, h('option', { value: '' }, 'All ranks'));
  const search = h('input', { id: 'log-search', type: 'search', placeholder: 'text in the line' });
  const follow = h('input', { id: 'log-follow', type: 'checkbox', checked: true });
  const state = h('p', { class: 'log-state', role: 'status' }, 'Connecting…');
  const view = h('div', { class: 'log-view', role: 'log', 'aria-label': 'Run log', tabindex: '0' });
  const draw = () => {
    const r = rank.value === '' ? null : Number(rank.value);
    const needle = search.value.toLowerCase();
    const shown = lines.filter((l) => (r === null || l.rank === r) && (!needle || l.text.toLowerCase().includes(needle))).slice(-MAX_SHOWN);
    replace(view, ...shown.map(lineEl));
    if (follow.checked) view.scrollTop = view.scrollHeight;
  };
  const add = (line: LogLine) => {
    lines.push(line);
    if (!ranks.has(line.rank)) {
      ranks.add(line.rank);
      rank.append(h('option', { value: String(line.rank) }, `Rank ${line.rank}`));
    }
  };
  rank.addEventListener('change', draw);
  search.addEventListener('input', draw);
  const source = new EventSource(ctx.ws.transport.href(api.execution.followLogs, { params: { workspace: ctx.ws.name, runId: run.id } }));
  let frame = 0;
  const received = (line: LogLine) => {
    add(line);
    if (!frame) frame = requestAnimationFrame(() => { frame = 0; draw(); });
    replace(state, `${lines.length} lines, following live`);
  };
  let stopPolling = () => {};
  // The server ends a follow at once for runs no runner writes to (interactive runs); while such a
  // run is still live, its log is polled after the last cursor instead.
  const pollAfterEnd = () => poll(async () => {
    const after = lines.at(-1)?.cursor;
    const page = await ctx.ws.transport.call(api.execution.logs, { params: { workspace: ctx.ws.name, runId: run.id }, query: after === undefined ? {} : { after } });
    page.items.forEach(received);
  }, 2000);
  source.addEventListener('line', (e) => received(JSON.parse((e as MessageEvent<string>).data) as LogLine));
  source.addEventListener('status', (e) => replace(state, `Status: ${statusOf((e as MessageEvent<string>).data)}`));
  source.addEventListener('end', (e) => {
    source.close();
    if (isTerminal(statusOf((e as MessageEvent<string>).data) as RunStatus)) replace(state, `${lines.length} lines; the run has ended.`);
    else { replace(state, `${lines.length} lines; checking for more every 2 s`); stopPolling = pollAfterEnd(); }
  });
  source.addEventListener('error', () => { if (source.readyState === EventSource.CLOSED) replace(state, 'The log stream closed.'); });
  const el = h('div', { class: 'logs' }, h('div', { class: 'toolbar' },
    h('label', { for: 'log-rank' }, 'Rank'), rank, h('label', { for: 'log-search' }, 'Search'), search,
    h('label', { for: 'log-follow', class: 'check' }, follow, 'Follow the tail')), state, view);
  return { el, dispose: () => { source.close(); stopPolling(); } };
}

function statusOf(data: string): string {
  try {
    const value = JSON.parse(data) as { status?: string };
    return value.status ?? data;
  } catch {
    return data;
  }
}

function lineEl(line: LogLine): HTMLElement {
  return h('div', { class: `log-line log-${line.stream}` }, h('span', { class: 'log-meta' }, `[${line.rank}:${line.stream}] `), line.text);
}
