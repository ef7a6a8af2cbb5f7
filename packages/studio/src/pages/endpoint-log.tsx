/** The replicas' log, followed live over Server-Sent Events (init() tracebacks, run() errors, scale events). */
import { api, type EndpointLogLine } from '@cairn/api';
import { useEffect, useLayoutEffect, useRef, useState } from 'react';
import type { StudioWorkspace } from '../api/client.js';

const MAX_SHOWN = 2000;

/** The log section. */
export function EndpointLog({ ws, name }: { ws: StudioWorkspace; name: string }) {
  const [lines, setLines] = useState<EndpointLogLine[]>([]);
  const [state, setState] = useState('Connecting…');
  const view = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const all: EndpointLogLine[] = [];
    let frame = 0;
    const source = new EventSource(ws.transport.href(api.endpoints.followLogs, { params: { workspace: ws.name, name }, query: { tail: 200 } }));
    source.addEventListener('line', (e) => {
      all.push(JSON.parse((e as MessageEvent<string>).data) as EndpointLogLine);
      if (!frame) frame = requestAnimationFrame(() => { frame = 0; setLines(all.slice(-MAX_SHOWN)); setState(`${all.length} lines, following live`); });
    });
    source.addEventListener('open', () => setState(`${all.length} lines, following live`));
    source.addEventListener('error', () => { if (source.readyState === EventSource.CLOSED) setState('The log stream closed.'); });
    return () => { source.close(); cancelAnimationFrame(frame); };
  }, [ws, name]);
  useLayoutEffect(() => { if (view.current) view.current.scrollTop = view.current.scrollHeight; }, [lines]);
  return (
    <section className="logs">
      <h2>Replica log</h2>
      <p className="log-state" role="status">{state}</p>
      <div ref={view} className="log-view endpoint-log" role="log" aria-label="Endpoint log" tabIndex={0}>
        {lines.map((l) => <div key={l.seq} className="log-line"><span className="log-meta">{`[${l.deployment}/${l.replica}] `}</span>{l.line}</div>)}
      </div>
    </section>
  );
}
