/**
 * A TCP proxy in front of a real server that can make it unreachable from a client's point of view:
 * `refuse` closes the listening port (connections are refused), `drop` forwards a request to the server
 * and then cuts the connection before the answer reaches the client (the server did the work, the
 * client never heard), `pass` forwards both ways. It notes the batch key of every metric batch it
 * forwards and whether the server called it a duplicate.
 */
import net from 'node:net';

export type ProxyMode = 'pass' | 'refuse' | 'drop';

export interface FlakyProxy {
  url: string;
  /** Batch keys of the metric batches forwarded to the server, in order (repeats are retries). */
  batchKeys: string[];
  /** How many answers said `"duplicate":true`. */
  duplicates: number;
  /** Metric answers cut so far. */
  dropped: number;
  /** Batch keys whose answers were cut. */
  droppedKeys: string[];
  setMode(mode: ProxyMode, dropCount?: number): Promise<void>;
  close(): Promise<void>;
}

/** A free port on 127.0.0.1 (bound, read, released). */
export async function freePort(): Promise<number> {
  const probe = net.createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as net.AddressInfo;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}

/** Starts a proxy to `target` (`http://127.0.0.1:PORT`) in `mode`. */
export async function startFlakyProxy(target: string, mode: ProxyMode): Promise<FlakyProxy> {
  const upstreamPort = Number(new URL(target).port);
  const port = await freePort();
  const sockets = new Set<net.Socket>();
  let listener: net.Server | null = null;
  let current: ProxyMode = mode;
  let dropsLeft = 0;
  const proxy: FlakyProxy = {
    url: `http://127.0.0.1:${port}`, batchKeys: [], duplicates: 0, dropped: 0, droppedKeys: [],
    async setMode(next, dropCount = Number.POSITIVE_INFINITY) {
      current = next;
      dropsLeft = dropCount;
      if (next === 'refuse') await closeListener();
      else if (!listener) await openListener();
    },
    async close() {
      await closeListener();
      for (const socket of sockets) socket.destroy();
    },
  };

  function handle(client: net.Socket): void {
    const upstream = net.connect(upstreamPort, '127.0.0.1');
    sockets.add(client).add(upstream);
    let request = '';
    let response = '';
    let cut: boolean | null = null;
    client.on('data', (chunk) => {
      request += chunk.toString('latin1');
      upstream.write(chunk);
    });
    upstream.on('data', (chunk) => {
      if (cut === null) {
        const isBatch = /^POST \S+\/metrics /.test(request);
        const key = /"batchKey":"([^"]+)"/.exec(request)?.[1];
        if (isBatch && key) proxy.batchKeys.push(key);
        cut = isBatch && current === 'drop' && dropsLeft > 0;
        if (cut) {
          dropsLeft -= 1;
          proxy.dropped += 1;
          proxy.droppedKeys.push(key!);
          if (dropsLeft === 0) current = 'pass';
        }
      }
      if (cut) return void client.destroy();
      response += chunk.toString('latin1');
      client.write(chunk);
    });
    upstream.on('end', () => client.end());
    client.on('end', () => upstream.end());
    const finish = () => {
      if (/"duplicate":true/.test(response)) proxy.duplicates += 1;
      response = '';
      client.destroy();
      upstream.destroy();
      sockets.delete(client);
      sockets.delete(upstream);
    };
    client.on('close', finish);
    upstream.on('close', finish);
    client.on('error', () => upstream.destroy());
    upstream.on('error', () => client.destroy());
  }

  async function openListener(): Promise<void> {
    const server = net.createServer(handle);
    await new Promise<void>((resolve, reject) => server.once('error', reject).listen(port, '127.0.0.1', resolve));
    listener = server;
  }

  // close() stops accepting at once; its callback would wait for open connections, so it is not awaited.
  async function closeListener(): Promise<void> {
    listener?.close();
    listener = null;
  }

  if (mode !== 'refuse') await openListener();
  return proxy;
}
