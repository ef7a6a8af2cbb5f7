/**
 * Live logs: Server-Sent Events from `logs/follow` (the cookie rides along; reads need no CSRF
 * header), per rank and stream, searchable, following the tail unless the reader unticks it.
 */
import { api, isTerminal, type LogLine, type RunStatus } from '@cairn/api';
import { useEffect, useLayoutEffect, useRef, useState } from 'react';
import type { StudioWorkspace } from '../api/client.js';
import { poll } from '../ui/poll.js';
import type { TabProps } from './run.js';

const MAX_SHOWN = 5000;

/** The logs tab. */
export default function Logs({ ws, run }: TabProps) {
  const { lines, state } = useLogStream(ws, run.id);
  const [rank, setRank] = useState('');
  const [search, setSearch] = useState('');
  const [follow, setFollow] = useState(true);
  const view = useRef<HTMLDivElement>(null);
  const ranks = [...new Set(lines.map((l) => l.rank))].sort((a, b) => a - b);
  const needle = search.toLowerCase();
  const shown = lines.filter((l) => (rank === '' || l.rank === Number(rank)) && (!needle || l.text.toLowerCase().includes(needle))).slice(-MAX_SHOWN);
  useLayoutEffect(() => { if (follow && view.current) view.current.scrollTop = view.current.scrollHeight; });
  return (
    <div className="logs">
      <div className="toolbar">
        <label htmlFor="log-rank">Rank</label>
        <select id="log-rank" value={rank} onChange={(e) => setRank(e.target.value)}>
          <option value="">All ranks</option>{ranks.map((r) => <option key={r} value={String(r)}>{`Rank ${r}`}</option>)}
        </select>
        <label htmlFor="log-search">Search</label>
        <input id="log-search" type="search" placeholder="text in the line" value={search} onChange={(e) => setSearch(e.target.value)} />
        <label htmlFor="log-follow" className="check"><input id="log-follow" type="checkbox" checked={follow} onChange={(e) => setFollow(e.target.checked)} />Follow the tail</label>
      </div>
      <p className="log-state" role="status">{state}</p>
      <div ref={view} className="log-view" role="log" aria-label="Run log" tabIndex={0}>
        {shown.map((l, i) => <div key={l.cursor ?? i} className={`log-line log-${l.stream}`}><span className="log-meta">{`[${l.rank}:${l.stream}] `}</span>{l.text}</div>)}
      </div>
    </div>
  );
}

// The run's log lines as they arrive, and a sentence on the stream's state.
function useLogStream(ws: StudioWorkspace, runId: string): { lines: LogLine[]; state: string } {
  const [lines, setLines] = useState<LogLine[]>([]);
  const [state, setState] = useState('Connecting…');
  useEffect(() => {
    const all: LogLine[] = [];
    let frame = 0;
    const received = (line: LogLine) => {
      all.push(line);
      // Lines arrive in bursts; drawing once per frame keeps a fast log cheap.
      if (!frame) frame = requestAnimationFrame(() => { frame = 0; setLines(all.slice()); });
      setState(`${all.length} lines, following live`);
    };
    const source = new EventSource(ws.transport.href(api.execution.followLogs, { params: { workspace: ws.name, runId } }));
    let stopPolling = () => {};
    // The server ends a follow at once for runs no runner writes to (interactive runs); while such a
    // run is still live, its log is polled after the last cursor instead.
    const pollAfterEnd = () => poll(async () => {
      const after = all.at(-1)?.cursor;
      const page = await ws.transport.call(api.execution.logs, { params: { workspace: ws.name, runId }, query: after === undefined ? {} : { after } });
      page.items.forEach(received);
    }, 2000);
    source.addEventListener('line', (e) => received(JSON.parse((e as MessageEvent<string>).data) as LogLine));
    source.addEventListener('status', (e) => setState(`Status: ${statusOf((e as MessageEvent<string>).data)}`));
    source.addEventListener('end', (e) => {
      source.close();
      if (isTerminal(statusOf((e as MessageEvent<string>).data) as RunStatus)) setState(`${all.length} lines; the run has ended.`);
      else { setState(`${all.length} lines; checking for more every 2 s`); stopPolling = pollAfterEnd(); }
    });
    source.addEventListener('error', () => { if (source.readyState === EventSource.CLOSED) setState('The log stream closed.'); });
    return () => { source.close(); stopPolling(); cancelAnimationFrame(frame); };
  }, [ws, runId]);
  return { lines, state };
}

function statusOf(data: string): string {
  try {
    const value = JSON.parse(data) as { status?: string };
    return value.status ?? data;
  } catch {
    return data;
  }
}
