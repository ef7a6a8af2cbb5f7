// followRun against an HTTP server speaking the follow route's Server-Sent Events, which drops the
// first connection midway as a restarting Cairn server would.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { CairnClient } from '@cairn/sdk';
import type { LogLine } from '@cairn/api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { followRun } from './run-logs.js';

const line = (cursor: number, text: string): LogLine => ({ cursor, stream: 'stdout', rank: 0, text, time: 1 });
const sse = (event: string, data: unknown) => `event: ${event}\ndata: ${JSON.stringify(data)}\n\n`;

describe('followRun', () => {
  let server: Server;
  let url: string;
  const afters: Array<string | null> = [];

  beforeAll(async () => {
    server = createServer((req, res) => {
      const after = new URL(req.url!, 'http://x').searchParams.get('after');
      afters.push(after);
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      if (after === null) {
        res.write(sse('status', { status: 'Running', statusReason: null, error: null }) + sse('line', line(1, 'one')) + sse('line', line(2, 'two')));
        // The connection goes away without an `end` event.
        setTimeout(() => res.socket?.destroy(), 20);
        return;
      }
      res.end(sse('line', line(3, 'three')) + sse('status', { status: 'Completed', statusReason: null, error: null }) + sse('end', { status: 'Completed' }));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('resumes after the last line it printed when the connection drops, and ends on `end`', async () => {
    const workspace = new CairnClient({ url, token: 't' }).workspace('default');
    const printed: string[] = [];
    const statuses: string[] = [];
    const outcome = await followRun(workspace, 'run-1', { print: (l) => printed.push(l.text), onStatus: (s) => statuses.push(s) });
    expect(outcome).toBe('ended');
    expect(printed).toEqual(['one', 'two', 'three']);
    expect(statuses).toEqual(['Running', 'Completed']);
    expect(afters).toEqual([null, '2']);
  });

  it('stops at once, as detached, when its signal aborts', async () => {
    const workspace = new CairnClient({ url, token: 't' }).workspace('default');
    const stop = new AbortController();
    const outcome = await followRun(workspace, 'run-1', { print: () => stop.abort(), onStatus: () => {}, signal: stop.signal });
    expect(outcome).toBe('detached');
  });
});
