// The built dashboard (dist/renderer) at `/`: hashed assets cached for a year (immutable),
// index.html never cached, SPA fallback for other page URLs. Without a build, `/` says how to make one.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fastifyStatic from '@fastify/static';

/** `dist/renderer` of this checkout (src/services/api → repo root). */
export const DEFAULT_STATIC_DIR = fileURLToPath(new URL('../../../dist/renderer/', import.meta.url));

const NOT_BUILT = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Persona-MCP</title></head>
<body style="font-family: system-ui, sans-serif; max-width: 40rem; margin: 4rem auto; line-height: 1.5">
<h1>Persona-MCP</h1>
<p>The dashboard is not built. Run <code>npm run build</code> in the project folder, then reload this page.</p>
<p>The PersonaAPI itself is running: see <a href="/docs">/docs</a> and <a href="/api/health">/api/health</a>.</p>
</body></html>
`;

/** The URL of the static files' catch-all route (a built dashboard only). */
export const DASHBOARD_WILDCARD = '/*';

/** True for page requests the SPA should answer: GET/HEAD outside /api and /v1 that accept text/html. */
export function wantsPage(req: FastifyRequest): boolean {
  if (req.method !== 'GET' && req.method !== 'HEAD') return false;
  const path = req.url.split('?')[0] ?? '';
  if (path === '/api' || path.startsWith('/api/') || path.startsWith('/v1/') || path === '/v1') return false;
  return (req.headers.accept ?? '').includes('text/html');
}

/** Registers the dashboard; returns the function that answers a page request (index.html or the not-built page). */
export async function registerDashboard(app: FastifyInstance, staticDir: string): Promise<(reply: FastifyReply) => FastifyReply> {
  const built = existsSync(join(staticDir, 'index.html'));
  if (!built) {
    const page = (reply: FastifyReply) => reply.code(200).header('cache-control', 'no-cache').type('text/html; charset=utf-8').send(NOT_BUILT);
    app.get('/', (_req, reply) => page(reply));
    return page;
  }
  await app.register(fastifyStatic, {
    root: staticDir,
    prefix: '/',
    index: false,
    wildcard: true,
    cacheControl: false,
    setHeaders(reply, path) {
      const immutable = path.startsWith(join(staticDir, 'assets'));
      reply.header('cache-control', immutable ? 'public, max-age=31536000, immutable' : 'no-cache');
    },
  });
  const page = (reply: FastifyReply) => reply.header('cache-control', 'no-cache').sendFile('index.html');
  app.get('/', (_req, reply) => page(reply));
  return page;
}
