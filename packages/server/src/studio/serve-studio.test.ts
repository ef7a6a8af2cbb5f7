/** The studio's static serving: CSP and nosniff, cached hashed assets, SPA fallback that never answers for /api/. */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SessionService } from '../auth/session-service.js';
import { registerErrorHandling } from '../http/errors.js';
import { registerStudio } from './serve-studio.js';

describe('serving the studio', () => {
  let app: FastifyInstance;
  let dir: string;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'cairn-studio-'));
    mkdirSync(join(dir, 'assets'));
    writeFileSync(join(dir, 'index.html'), '<!doctype html><script type="module" src="/assets/main-abc123.js"></script>');
    writeFileSync(join(dir, 'assets', 'main-abc123.js'), 'console.log(1)');
    writeFileSync(join(dir, 'secret.txt'), 'not an asset');
    app = Fastify();
    registerErrorHandling(app);
    // The link route is covered in auth/sessions.test.ts; nothing here redeems one.
    registerStudio(app, { dir, sessions: {} as SessionService, now: Date.now });
    await app.ready();
  });
  afterAll(async () => { await app.close(); rmSync(dir, { recursive: true, force: true }); });

  it('serves index.html at / and at any studio path, uncached, with a strict CSP and nosniff', async () => {
    for (const url of ['/', '/w/default/runs/abc', '/signin?link=invalid']) {
      const res = await app.inject({ method: 'GET', url });
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toContain('text/html');
      expect(res.headers['cache-control']).toBe('no-cache');
      expect(res.headers['content-security-policy']).toContain("default-src 'self'");
      expect(res.headers['content-security-policy']).toContain("script-src 'self'");
      expect(res.headers['content-security-policy']).not.toContain('unsafe-inline');
      expect(res.headers['x-content-type-options']).toBe('nosniff');
    }
  });

  it('keeps serving the last index.html while a build has it missing or half-written', async () => {
    expect((await app.inject({ method: 'GET', url: '/w/default' })).body).toContain('main-abc123.js');
    rmSync(join(dir, 'index.html'));
    expect((await app.inject({ method: 'GET', url: '/w/default' })).body).toContain('main-abc123.js');
    writeFileSync(join(dir, 'index.html'), '');
    expect((await app.inject({ method: 'GET', url: '/w/default' })).body).toContain('main-abc123.js');
    writeFileSync(join(dir, 'index.html'), '<!doctype html><script type="module" src="/assets/main-def456.js"></script>');
    expect((await app.inject({ method: 'GET', url: '/w/default' })).body).toContain('main-def456.js');
  });

  it('serves hashed assets with a year of cache and their type', async () => {
    const res = await app.inject({ method: 'GET', url: '/assets/main-abc123.js' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('text/javascript');
    expect(res.headers['cache-control']).toContain('max-age=31536000');
    expect(res.body).toBe('console.log(1)');
  });

  it('answers 404 for missing assets and paths that leave the assets folder', async () => {
    for (const url of ['/assets/nope.js', '/assets/..%2Fsecret.txt']) {
      const res = await app.inject({ method: 'GET', url });
      expect(res.statusCode, url).toBe(404);
      expect(res.body).not.toContain('not an asset');
    }
    // A dot-dot segment is resolved before routing, so this one lands on the SPA fallback: never the file.
    expect((await app.inject({ method: 'GET', url: '/assets/%2e%2e/secret.txt' })).body).not.toContain('not an asset');
  });

  it('never falls back to the studio for /api/ or /endpoints/ paths', async () => {
    const scoring = await app.inject({ method: 'GET', url: '/endpoints/default/none/nope' });
    expect(scoring.json().error.code).toBe('ROUTE_NOT_FOUND');
    expect(scoring.headers['content-security-policy']).toBeUndefined();
    expect(scoring.headers['x-content-type-options']).toBe('nosniff');
    const res = await app.inject({ method: 'GET', url: '/api/v1/no-such-route' });
    expect(res.statusCode).toBe(404);
    expect(res.json().error.code).toBe('ROUTE_NOT_FOUND');
    expect(res.headers['content-security-policy']).toBeUndefined();
    expect(res.headers['x-content-type-options']).toBe('nosniff');
  });
});
