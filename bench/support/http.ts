/**
 * HTTP for the benchmarks: node:http on keep-alive connections, whose per-request cost is a fraction
 * of fetch's. Each part of a suite makes its own agent, so no request goes out on a connection the
 * server closed while the suite was busy elsewhere (seeding, another part).
 */
import http from 'node:http';

export interface Answer {
  status: number;
  body: string;
}

/** A keep-alive agent for up to `connections` requests at once. */
export function keepAlive(connections = 16): http.Agent {
  return new http.Agent({ keepAlive: true, maxSockets: connections });
}

/** Sends one request and reads the whole answer as text. */
export function request(agent: http.Agent, method: 'GET' | 'POST', url: string, token: string, body?: string): Promise<Answer> {
  const headers: Record<string, string | number> = { authorization: `Bearer ${token}` };
  if (body !== undefined) Object.assign(headers, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method, agent, headers }, (res) => {
      let text = '';
      res.setEncoding('utf8').on('data', (part: string) => (text += part)).on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
    });
    req.on('error', reject).end(body);
  });
}

/** GETs a URL and returns the body; throws unless the answer is 200. */
export async function getOk(agent: http.Agent, url: string, token: string): Promise<string> {
  const answer = await request(agent, 'GET', url, token);
  if (answer.status !== 200) throw new Error(`GET ${url}: ${answer.status} ${answer.body}`);
  return answer.body;
}
