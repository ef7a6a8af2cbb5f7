import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../test-support/test-server.js';
import { caller, qs, type Call } from './test-support/http.js';
import { expectedOrder, pagingRuns } from './test-support/paging.js';
import { setCreatedAt, setMetric } from './test-support/seed.js';

let server: TestServer;
let call: Call;
beforeAll(async () => {
  server = await startTestServer({ listen: false });
  call = caller(server);
  for (const run of pagingRuns) {
    await call('POST', '/runs', { experiment: 'paging', id: run.id, displayName: run.name, tags: run.bucket === undefined ? {} : { bucket: run.bucket } });
    await setCreatedAt(server, run.id, run.createdAt);
    if (run.score !== undefined) await setMetric(server, run.id, 'score', run.score);
  }
});
afterAll(async () => { await server.close(); });

/** Every page of a search, following nextCursor, and the number of requests it took. */
async function allPages(query: Record<string, string | number>): Promise<{ ids: string[]; pages: number }> {
  const ids: string[] = [];
  let cursor: string | undefined;
  let pages = 0;
  do {
    const res = await call('GET', `/runs${qs({ ...query, cursor })}`);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    ids.push(...res.body.items.map((run: { id: string }) => run.id));
    cursor = res.body.nextCursor;
    pages += 1;
  } while (cursor !== undefined && pages < 100);
  return { ids, pages };
}

describe('cursor pagination over 250 runs with ties', () => {
  it.each(['', 'tags.bucket', 'metrics.score desc', 'metrics.score, tags.bucket desc', 'name, created', 'created', 'name desc, metrics.score'])(
    'returns every run exactly once in order, sorted by %j', async (orderBy) => {
      const { ids, pages } = await allPages({ orderBy, top: 7 });
      expect(ids).toEqual(expectedOrder(pagingRuns, orderBy));
      expect(pages).toBe(Math.ceil(250 / 7));
    });

  it.each([
    ['metrics.score > 0.3', 'metrics.score desc', (run: (typeof pagingRuns)[number]) => typeof run.score === 'number' && run.score > 0.3],
    ["tags.bucket in ('b1', 'b2')", 'name desc', (run: (typeof pagingRuns)[number]) => run.bucket === 'b1' || run.bucket === 'b2'],
    ['not metrics.score > 0.3', 'metrics.score', (run: (typeof pagingRuns)[number]) => !(typeof run.score === 'number' && run.score > 0.3)],
  ])('pages through the matches of %s sorted by %s', async (filter, orderBy, matches) => {
    const { ids } = await allPages({ filter, orderBy, top: 9 });
    expect(ids).toEqual(expectedOrder(pagingRuns.filter(matches), orderBy));
  });

  it('gives 100 runs a page by default, at most 1,000, and no cursor on the last page', async () => {
    const first = await call('GET', `/runs${qs({ experiment: 'paging' })}`);
    expect(first.body.items).toHaveLength(100);
    expect(first.body.nextCursor).toEqual(expect.any(String));
    const whole = await call('GET', `/runs${qs({ top: 1000 })}`);
    expect(whole.body.items).toHaveLength(250);
    expect(whole.body.nextCursor).toBeUndefined();
    expect((await call('GET', `/runs${qs({ top: 1001 })}`)).body.error.code).toBe('INVALID_INPUT');
  });

  it('neither repeats nor skips runs when a run is created between pages', async () => {
    const first = await call('GET', `/runs${qs({ experiment: 'paging', top: 50 })}`);
    await call('POST', '/runs', { experiment: 'paging', id: 'newcomer' });
    const second = await call('GET', `/runs${qs({ experiment: 'paging', top: 50, cursor: first.body.nextCursor })}`);
    const expected = expectedOrder(pagingRuns, '');
    expect([...first.body.items, ...second.body.items].map((run: { id: string }) => run.id)).toEqual(expected.slice(0, 100));
  });

  it('refuses a cursor of another search, or one it did not make, with INVALID_INPUT', async () => {
    const page = await call('GET', `/runs${qs({ orderBy: 'metrics.score', top: 5 })}`);
    const cursor = page.body.nextCursor;
    for (const query of [{ orderBy: 'metrics.score desc' }, { orderBy: 'metrics.score', filter: 'metrics.score > 0' }, { orderBy: 'metrics.score', includeChildren: 'true' }]) {
      const res = await call('GET', `/runs${qs({ ...query, top: 5, cursor })}`);
      expect([res.status, res.body.error.code]).toEqual([400, 'INVALID_INPUT']);
      expect(res.body.error.message).toContain('another');
    }
    const forged = Buffer.from(JSON.stringify({ v: 1, s: 'x', n: 0, k: [1] })).toString('base64url');
    for (const bad of ['not-a-cursor', forged]) {
      const res = await call('GET', `/runs${qs({ orderBy: 'metrics.score', cursor: bad })}`);
      expect([res.status, res.body.error.code]).toEqual([400, 'INVALID_INPUT']);
    }
  });
});
