/**
 * Serves the built studio (packages/studio/dist) at `/`: hashed assets cached for a year, index.html
 * never cached, and index.html for any other non-API GET so the studio's own routes load on refresh.
 */
import { createReadStream } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { extname, join, normalize, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { CairnError, STUDIO_LOGIN_PATH } from '@cairn/api';
import { clearSessionCookie, setSessionCookie } from '../auth/session-cookie.js';
import type { SessionService } from '../auth/session-service.js';
import { registerSecurityHeaders } from './security-headers.js';

/** Where `npm run build` puts the studio, from src/studio or dist/studio of the server package alike. */
export const DEFAULT_STUDIO_DIR = fileURLToPath(new URL('../../../studio/dist', import.meta.url));

// Paths that belong to programs, not browsers: an unknown one is a JSON 404, never the studio's page.
const NOT_STUDIO = ['/api/', '/endpoints/'];

const types: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8', '.svg': 'image/svg+xml',
  '.png': 'image/png', '.ico': 'image/x-icon', '.woff2': 'font/woff2', '.json': 'application/json', '.map': 'application/json',
};

/** Registers the studio's static files, its SPA fallback and the one-time sign-in link. */
export function registerStudio(app: FastifyInstance, options: { dir?: string; sessions: SessionService; now: () => number }): void {
  const dir = options.dir ?? DEFAULT_STUDIO_DIR;
  registerSecurityHeaders(app);
  app.get('/assets/*', async (request, reply) => sendAsset(reply, dir, (request.params as { '*': string })['*']));
  app.get(STUDIO_LOGIN_PATH, async (request, reply) => {
    const code = (request.query as { code?: unknown }).code;
    const session = typeof code === 'string' && code ? await options.sessions.redeemLink(code) : null;
    if (!session) {
      clearSessionCookie(request, reply);
      return reply.redirect('/signin?link=invalid', 303);
    }
    setSessionCookie(request, reply, session.id, session.expiresAt, options.now());
    return reply.redirect('/', 303);
  });
  const index = lastGoodIndex(dir);
  app.get('/*', async (request, reply) => {
    if (NOT_STUDIO.some((prefix) => request.url.startsWith(prefix))) throw new CairnError('ROUTE_NOT_FOUND', `no route GET ${request.url.split('?')[0]}; see /api/v1/openapi.json`);
    const html = await index();
    if (html === null) return reply.code(503).type('text/plain; charset=utf-8').send('the studio is not built: run `npm run build`');
    return reply.header('cache-control', 'no-cache').type('text/html; charset=utf-8').send(html);
  });
}

/**
 * index.html as on disk, or the last one read when it is missing or empty right now: a build
 * rewrites it in place (the assets it names stay, see the studio's vite.config.ts), and a page
 * asked for at that moment should not fail.
 */
function lastGoodIndex(dir: string): () => Promise<string | null> {
  let last: string | null = null;
  return async () => {
    const html = await readFile(join(dir, 'index.html'), 'utf8').catch(() => '');
    if (html.trim() !== '') last = html;
    return last;
  };
}

async function sendAsset(reply: FastifyReply, dir: string, name: string): Promise<FastifyReply> {
  const root = join(dir, 'assets');
  const path = normalize(join(root, name));
  const size = path.startsWith(root + sep) ? await stat(path).then((s) => (s.isFile() ? s.size : -1), () => -1) : -1;
  if (size < 0) throw new CairnError('ROUTE_NOT_FOUND', `no studio asset ${name}`);
  // Asset names carry a content hash, so a year's cache never serves a stale file.
  return reply.header('cache-control', 'public, max-age=31536000, immutable').header('content-length', size)
    .type(types[extname(path)] ?? 'application/octet-stream').send(createReadStream(path));
}
