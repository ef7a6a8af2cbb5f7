import { describe, expect } from 'vitest';
import { callTest as it } from '../test-support/call-test.js';
import type { Call } from './test-support/http.js';

async function newRun(call: Call, body: Record<string, unknown> = {}): Promise<string> {
  const res = await call('POST', '/runs', { experiment: 'maps', ...body });
  expect(res.status).toBe(201);
  return res.body.id;
}

const many = (n: number, prefix = 'k') => Object.fromEntries(Array.from({ length: n }, (_, i) => [`${prefix}${i}`, `v${i}`]));

describe('tags', () => {
  it('merge, overwrite, hold null values and are removed by key', async ({ call }) => {
    const id = await newRun(call, { tags: { keep: '1', change: 'old' } });
    const set = await call('PATCH', `/runs/${id}/tags`, { set: { change: 'new', valueless: null } });
    expect(set.body.tags).toEqual({ keep: '1', change: 'new', valueless: null });
    const removed = await call('PATCH', `/runs/${id}/tags`, { remove: ['change', 'not-there'] });
    expect(removed.body.tags).toEqual({ keep: '1', valueless: null });
    expect((await call('GET', `/runs/${id}`)).body.tags).toEqual({ keep: '1', valueless: null });
  });

  it('can be changed after the run ended', async ({ call }) => {
    const id = await newRun(call);
    await call('PATCH', `/runs/${id}`, { status: 'Completed' });
    expect((await call('PATCH', `/runs/${id}/tags`, { set: { reviewed: 'yes' } })).body.tags).toEqual({ reviewed: 'yes' });
  });

  it('allow 1,000 per run and answer LIMIT_EXCEEDED beyond, changing nothing', async ({ call }) => {
    const id = await newRun(call, { tags: many(600) });
    expect(Object.keys((await call('PATCH', `/runs/${id}/tags`, { set: many(400, 'x') })).body.tags)).toHaveLength(1000);
    const over = await call('PATCH', `/runs/${id}/tags`, { set: { one: 'more', k0: 'changed' } });
    expect(over.status).toBe(422);
    expect(over.body.error).toMatchObject({ code: 'LIMIT_EXCEEDED', details: { kind: 'tag', limit: 1000, count: 1001 } });
    expect(over.body.error.message).toContain('1,000');
    const tags = (await call('GET', `/runs/${id}`)).body.tags;
    expect([Object.keys(tags).length, tags.k0, tags.one]).toEqual([1000, 'v0', undefined]);
    // Removing one makes room in the same call.
    expect((await call('PATCH', `/runs/${id}/tags`, { set: { one: 'more' }, remove: ['k1'] })).status).toBe(200);
  });

  it('count at create too', async ({ call }) => {
    const res = await call('POST', '/runs', { experiment: 'maps', tags: many(1001) });
    expect(res.status).toBe(422);
    expect(res.body.error.code).toBe('LIMIT_EXCEEDED');
  });

  it('take keys up to 255 and values up to 5,000 characters', async ({ call }) => {
    const id = await newRun(call);
    expect((await call('PATCH', `/runs/${id}/tags`, { set: { ['k'.repeat(255)]: 'v'.repeat(5000) } })).status).toBe(200);
    const longKey = await call('PATCH', `/runs/${id}/tags`, { set: { ['k'.repeat(256)]: 'v' } });
    expect([longKey.status, longKey.body.error.code, longKey.body.error.details.limit]).toEqual([422, 'LIMIT_EXCEEDED', 255]);
    const longValue = await call('PATCH', `/runs/${id}/tags`, { set: { k: 'v'.repeat(5001) } });
    expect([longValue.status, longValue.body.error.code, longValue.body.error.details.limit]).toEqual([422, 'LIMIT_EXCEEDED', 5000]);
    const atCreate = await call('POST', '/runs', { experiment: 'maps', properties: { p: 'v'.repeat(5001) } });
    expect(atCreate.body.error.code).toBe('LIMIT_EXCEEDED');
  });

  it('refuse keys with control characters', async ({ call }) => {
    const id = await newRun(call);
    const res = await call('PATCH', `/runs/${id}/tags`, { set: { 'bad\nkey': 'v' } });
    expect([res.status, res.body.error.code]).toEqual([400, 'INVALID_NAME']);
  });
});

describe('properties', () => {
  it('are added once: the same value again is a no-op, another value PROPERTY_IMMUTABLE naming key and value', async ({ call }) => {
    const id = await newRun(call, { properties: { 'azureml.git.commit': 'abc123' } });
    const added = await call('POST', `/runs/${id}/properties`, { properties: { dataset: 'iris', note: null } });
    expect(added.body.properties).toEqual({ 'azureml.git.commit': 'abc123', dataset: 'iris', note: null });
    const same = await call('POST', `/runs/${id}/properties`, { properties: { dataset: 'iris', note: null } });
    expect(same.status).toBe(200);
    const conflict = await call('POST', `/runs/${id}/properties`, { properties: { fresh: 'x', dataset: 'digits' } });
    expect(conflict.status).toBe(409);
    expect(conflict.body.error).toMatchObject({ code: 'PROPERTY_IMMUTABLE', details: { key: 'dataset', existing: 'iris', proposed: 'digits' } });
    expect(conflict.body.error.message).toContain('"dataset"');
    expect(conflict.body.error.message).toContain('"iris"');
    expect((await call('GET', `/runs/${id}`)).body.properties).toEqual({ 'azureml.git.commit': 'abc123', dataset: 'iris', note: null });
    const nullToValue = await call('POST', `/runs/${id}/properties`, { properties: { note: 'now set' } });
    expect(nullToValue.body.error.code).toBe('PROPERTY_IMMUTABLE');
  });

  it('allow 1,000 per run and answer LIMIT_EXCEEDED beyond, changing nothing', async ({ call }) => {
    const id = await newRun(call, { properties: many(999) });
    const over = await call('POST', `/runs/${id}/properties`, { properties: { a: '1', b: '2' } });
    expect([over.status, over.body.error.code, over.body.error.details.count]).toEqual([422, 'LIMIT_EXCEEDED', 1001]);
    expect(Object.keys((await call('GET', `/runs/${id}`)).body.properties)).toHaveLength(999);
    expect((await call('POST', `/runs/${id}/properties`, { properties: { a: '1', k0: 'v0' } })).status).toBe(200);
  });

  it('answer RUN_NOT_FOUND for a run that does not exist', async ({ call }) => {
    expect((await call('POST', '/runs/nope/properties', { properties: { a: '1' } })).body.error.code).toBe('RUN_NOT_FOUND');
    expect((await call('PATCH', '/runs/nope/tags', { set: { a: '1' } })).body.error.code).toBe('RUN_NOT_FOUND');
  });
});
