import { describe, expect, it } from 'vitest';
import { answerScoring, queryAsJson, refusal, type ScoringRequest } from './v1-protocol.js';

const echo = async (body: Buffer) => ({ status: 200, body: Buffer.from(JSON.stringify(body.toString())), runMicros: 1234 });
const request = (over: Partial<ScoringRequest>): ScoringRequest => ({ method: 'POST', headers: {}, query: new URLSearchParams(), path: '/score', body: Buffer.from('{}'), ...over });

describe('v1 scoring protocol', () => {
  it('echoes request ids, generates one when absent, and reports the run duration', async () => {
    const given = await answerScoring(request({ headers: { 'x-request-id': 'abc', 'x-ms-client-request-id': 'client-1', traceid: 't' } }), echo);
    expect(given.headers).toMatchObject({ 'x-request-id': 'abc', 'x-ms-request-id': 'client-1', 'x-ms-client-request-id': 'client-1', traceid: 't', 'x-ms-run-fn-exec-ms': '1.234' });
    const generated = await answerScoring(request({}), echo);
    expect(generated.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    expect(generated.headers['x-ms-request-id']).toBe(generated.headers['x-request-id']);
  });

  it('refuses a request id over 100 characters (431) and other methods (405); answers OPTIONS', async () => {
    expect((await answerScoring(request({ headers: { 'x-request-id': 'x'.repeat(101) } }), echo)).status).toBe(431);
    expect((await answerScoring(request({ method: 'PUT' }), echo)).status).toBe(405);
    expect((await answerScoring(request({ method: 'OPTIONS' }), echo)).status).toBe(200);
  });

  it('refuses, before run(), bodies that are not UTF-8 (400) unless run() is @rawhttp', () => {
    const bytes = Buffer.from([0xff, 0xfe, 0x41]);
    for (const mode of ['plain', 'schema'] as const) {
      const bad = refusal(mode, bytes, request({ headers: { 'content-type': 'application/json' }, body: bytes }));
      expect([bad?.status, JSON.parse(bad!.body.toString())]).toEqual([400, { message: 'The request body is not valid UTF-8.' }]);
    }
    expect(refusal('raw', bytes, request({ body: bytes }))).toBeNull();
  });

  it('refuses a POST without a JSON content type to an @input_schema run() (415), as v1 does', () => {
    const body = Buffer.from('{"a": 1}');
    for (const type of [undefined, 'text/plain', 'application/x-www-form-urlencoded']) {
      const refused = refusal('schema', body, request({ headers: type ? { 'content-type': type } : {} }));
      expect([refused?.status, JSON.parse(refused!.body.toString())]).toEqual([415, { message: 'Expects Content-Type to be application/json' }]);
    }
    expect(refusal('schema', body, request({ headers: { 'content-type': 'Application/JSON; charset=utf-8' } }))).toBeNull();
    expect(refusal('schema', body, request({ method: 'GET' }))).toBeNull();
    expect(refusal('plain', body, request({ headers: { 'content-type': 'text/plain' } }))).toBeNull();
  });

  it('turns the GET form into a JSON object string: repeated keys a list, values parsed when they parse', () => {
    expect(JSON.parse(queryAsJson(new URLSearchParams('a=1&b=x&b=[2]&c=true')))).toEqual({ a: 1, b: ['x', [2]], c: true });
  });

  it('adds Retry-After to a 503 and the run-failed flag to a 500', async () => {
    const busy = await answerScoring(request({}), async () => ({ status: 503, body: Buffer.from('{}'), retryAfter: 1 }));
    expect(busy.headers['retry-after']).toBe('1');
    const failed = await answerScoring(request({}), async () => ({ status: 500, body: Buffer.from('{}') }));
    expect(failed.headers['x-ms-run-function-failed']).toBe('True');
  });

  it('gives requests without an id distinct version 4 UUIDs', async () => {
    const ids = await Promise.all(Array.from({ length: 1000 }, async () => (await answerScoring(request({}), echo)).headers['x-request-id']!));
    for (const id of ids) expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(new Set(ids).size).toBe(ids.length);
    // Every hex digit turns up in the random positions: the bytes are not stuck.
    expect(new Set(ids.join('').replace(/-/g, '')).size).toBe(16);
  });
});
