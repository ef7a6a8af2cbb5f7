/** Test fixtures for endpoints: blobs, models and snapshots through the API, and waiting for a state. */
import { createHash } from 'node:crypto';
import type { Endpoint } from '@cairn/api';
import { expect } from 'vitest';
import type { TestServer } from '../../test-support/test-server.js';

const sha = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

/** Uploads bytes as a workspace blob; returns its hash. */
export async function uploadBlob(server: TestServer, bytes: Buffer): Promise<string> {
  const sha256 = sha(bytes);
  const res = await server.app.inject({ method: 'PUT', url: `/api/v1/workspaces/default/blobs/${sha256}`, headers: { authorization: `Bearer ${server.ownerToken}`, 'content-type': 'application/octet-stream' }, payload: bytes });
  expect(res.statusCode, res.body).toBeLessThan(300);
  return sha256;
}

/** Registers a model from local files. */
export async function registerModel(server: TestServer, name: string, framework: string, files: { path: string; bytes: Buffer }[]): Promise<void> {
  const refs = [];
  for (const file of files) refs.push({ path: file.path, sha256: await uploadBlob(server, file.bytes) });
  const res = await server.app.inject({ method: 'POST', url: '/api/v1/workspaces/default/models', headers: { authorization: `Bearer ${server.ownerToken}` }, payload: { name, framework, files: refs } });
  expect(res.statusCode, res.body).toBe(201);
}

/** Records a snapshot of `files` (path → text); returns its id. */
export async function uploadSnapshot(server: TestServer, files: Record<string, string>): Promise<string> {
  const manifest = [];
  for (const [path, text] of Object.entries(files)) {
    const bytes = Buffer.from(text);
    manifest.push({ path, sha256: await uploadBlob(server, bytes), size: bytes.length, mode: 0o644 });
  }
  const res = await server.app.inject({ method: 'POST', url: '/api/v1/workspaces/default/snapshots', headers: { authorization: `Bearer ${server.ownerToken}` }, payload: { files: manifest } });
  expect(res.statusCode, res.body).toBeLessThan(300);
  return res.json().id as string;
}

/** What `call` answers. */
export interface Answer {
  statusCode: number;
  body: string;
  json(): any;
}

/** Calls the endpoints API as the owner: over HTTP when the server listens (URLs then name its port), else injected. */
export async function call(server: TestServer, method: 'GET' | 'POST' | 'PUT' | 'DELETE', path: string, payload?: unknown): Promise<Answer> {
  const url = `/api/v1/workspaces/default/endpoints${path}`;
  const headers: Record<string, string> = { authorization: `Bearer ${server.ownerToken}`, ...(payload === undefined ? {} : { 'content-type': 'application/json' }) };
  if (!server.url) return server.app.inject({ method, url, headers, ...(payload === undefined ? {} : { payload: payload as object }) });
  const res = await fetch(`${server.url}${url}`, { method, headers, ...(payload === undefined ? {} : { body: JSON.stringify(payload) }) });
  const body = await res.text();
  return { statusCode: res.status, body, json: () => JSON.parse(body) };
}

/** Polls an endpoint until `done` holds (every state change is an event the API does not push). */
export async function waitFor(server: TestServer, name: string, done: (e: Endpoint) => boolean, timeoutMs = 60_000): Promise<Endpoint> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const endpoint = (await call(server, 'GET', `/${name}`)).json() as Endpoint;
    if (done(endpoint)) return endpoint;
    if (Date.now() > until) throw new Error(`endpoint ${name} did not get there: ${JSON.stringify(endpoint)}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
