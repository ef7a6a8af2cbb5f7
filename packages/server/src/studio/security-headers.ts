/**
 * Headers that keep untrusted text inert in the studio: a CSP with no inline script and nothing
 * from elsewhere, and nosniff on every response so a run file is never read as a script or page.
 */
import type { FastifyInstance } from 'fastify';

/** The studio's Content-Security-Policy. Styles set through the DOM (charts) are not inline markup. */
export const STUDIO_CSP = [
  "default-src 'self'", "script-src 'self'", "style-src 'self'", "img-src 'self' blob:", "connect-src 'self'",
  "object-src 'none'", "base-uri 'none'", "form-action 'self'", "frame-ancestors 'none'",
].join('; ');

/** Adds nosniff to every response, and the CSP and framing rules to the studio's (not API or scoring answers). */
export function registerSecurityHeaders(app: FastifyInstance): void {
  app.addHook('onSend', async (request, reply) => {
    reply.header('x-content-type-options', 'nosniff');
    // API and scoring answers are read by programs, not rendered: the page headers are not theirs.
    if (request.url.startsWith('/api/') || request.url.startsWith('/endpoints/')) return;
    reply.header('content-security-policy', STUDIO_CSP);
    reply.header('referrer-policy', 'no-referrer');
    reply.header('x-frame-options', 'DENY');
  });
}
