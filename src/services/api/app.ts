// The PersonaAPI as one fastify app (the whole REST API is one plugin; the entry only
// starts it, tests use inject()). Security first (Host, Origin, token, CORS), then the routes
// generated from the operation table and the service routes; every error leaves in one shape.
import { join } from 'node:path';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import { AppError, type AppConfig } from '../../shared/index.ts';
import { OPERATION_TABLE, createTokenBucket, type CoreContext, type OperationTable, type TokenBucket } from '../../core/index.ts';
import { answerPreflight, authenticate, checkHostAndOrigin, checkJsonDepth, corsHeaders, createSecurityPolicy, type CorsRules, type HostLink } from '../runtime/index.ts';
import type { ApiContext, ApiTimings } from './api-context.ts';
import { toHttpError } from './http-errors.ts';
import { MAX_PATH_PARAM_LENGTH, checkBody, hasOverlongSegment, parseJsonBody, pathParamTooLong } from './request-rules.ts';
import { registerOperationRoutes } from './rest-routes.ts';
import { registerEventRoutes } from './events-sse.ts';
import { registerBotRoutes } from './bot-routes.ts';
import { registerSettingsRoutes } from './settings-routes.ts';
import { registerTokenRoutes } from './token-routes.ts';
import { openAiError, registerOpenAiRoutes } from './openai-compat.ts';
import { buildOpenApiDocument } from './openapi.ts';
import { DASHBOARD_WILDCARD, DEFAULT_STATIC_DIR, registerDashboard, wantsPage } from './static-dashboard.ts';

/** What the app is built from. */
export interface ApiAppOptions {
  core: CoreContext;
  /** The link to the host (a detached link when the service runs alone). */
  link: HostLink;
  /** Default `core.config`. */
  config?: AppConfig;
  table?: OperationTable;
  /** Built dashboard folder; default `dist/renderer` of this checkout. */
  staticDir?: string;
  /** File PATCH /api/settings/network writes; default `config.json` in the data dir. */
  configFile?: string;
  timings?: ApiTimings;
  /** The bound port once listening (for /api/settings/network). */
  apiPort?: () => number;
}

const CORS: CorsRules = { allowMethods: 'GET, POST, PUT, PATCH, DELETE, OPTIONS', allowHeaders: 'Authorization, Content-Type, Accept, Last-Event-ID' };

const pathOf = (url: string) => url.split('?')[0] ?? '/';
/** Routes that carry data: a token is required beyond loopback. Static files and docs do not. */
const isProtected = (path: string) => path === '/api' || path.startsWith('/api/') || path === '/v1' || path.startsWith('/v1/');

/** The first value of a header that may repeat. */
const single = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);

function queryToken(req: FastifyRequest): string | undefined {
  const t = (req.query as Record<string, unknown> | undefined)?.token;
  return typeof t === 'string' ? t : Array.isArray(t) && typeof t[0] === 'string' ? t[0] : undefined;
}

/** Sends any error in the documented envelope (the OpenAI shape under /v1/). */
function sendError(err: unknown, req: FastifyRequest, reply: FastifyReply, bodyLimit?: number): FastifyReply {
  const mapped = toHttpError(err, bodyLimit);
  reply.code(mapped.status).headers(mapped.headers);
  return pathOf(req.url).startsWith('/v1/') ? reply.send(openAiError(mapped)) : reply.send(mapped.body);
}

/** A registered route (method and URL pattern), as the OpenAPI coverage test reads them. */
export interface RegisteredRoute {
  method: string;
  url: string;
}

/** Builds the app (not listening), its route context and the list of routes it registered. */
export async function buildApiApp(options: ApiAppOptions): Promise<{ app: FastifyInstance; context: ApiContext; routes: RegisteredRoute[] }> {
  const config = options.config ?? options.core.config;
  const table = options.table ?? OPERATION_TABLE;
  const policy = createSecurityPolicy(config, { tokens: options.core.tokens, servesDashboard: true });
  const api: ApiContext = {
    core: options.core, config, link: options.link, table, policy,
    timings: { heartbeatMs: options.timings?.heartbeatMs ?? 15_000, probeMs: options.timings?.probeMs ?? 1000 },
    staticDir: options.staticDir ?? DEFAULT_STATIC_DIR,
    configFile: options.configFile ?? join(config.data_dir, 'config.json'),
    apiPort: options.apiPort ?? (() => config.server.api_port),
    streams: new Set(),
  };
  // Errors the router answers before any route (bad percent-encoding, over-long parameters) leave in our shape too.
  const app = Fastify({
    logger: false, bodyLimit: config.server.max_message_bytes, forceCloseConnections: true, return503OnClosing: true,
    routerOptions: { maxParamLength: MAX_PATH_PARAM_LENGTH },
    frameworkErrors: (err, req, reply) => {
      reply.headers(corsHeaders(policy, CORS, { host: req.headers.host, origin: req.headers.origin }));
      return sendError(err, req, reply);
    },
  });
  app.decorateRequest('grant', null);
  app.decorateRequest('token', undefined);
  const routes: RegisteredRoute[] = [];
  app.addHook('onRoute', (r) => {
    for (const method of [r.method].flat()) routes.push({ method, url: r.url });
  });

  // Only JSON bodies in UTF-8: any other content type or charset on a body route is 415 UNSUPPORTED_FORMAT.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (req, body, done) => {
    try {
      // On the text, before the parser's reviver (or the route's schema) walks the body recursively.
      const tooDeep = checkJsonDepth(String(body), 'the body');
      if (tooDeep) throw tooDeep;
      done(null, parseJsonBody(req.headers['content-type'], String(body)));
    } catch (err) {
      done(err as Error, undefined);
    }
  });
  // The dashboard's wildcard never answers /api or /v1 (they get the not-found handler, as without a
  // build); every other body is what its route declares (`config.body`, default none).
  app.addHook('preValidation', async (req, reply) => {
    if (req.is404) return;
    if (req.routeOptions.url === DASHBOARD_WILDCARD && isProtected(pathOf(req.url))) {
      reply.callNotFound();
      return reply;
    }
    checkBody(req.routeOptions.config.body ?? 'none', req.body);
  });

  // Per-connection message rate (limits.messages_per_second, burst), as on the MCP transports: one bucket per socket.
  const buckets = new WeakMap<object, TokenBucket>();
  const limited = (req: FastifyRequest): AppError | null => {
    let bucket = buckets.get(req.socket);
    if (!bucket) {
      bucket = createTokenBucket(config.limits.messages_per_second, config.limits.burst);
      buckets.set(req.socket, bucket);
    }
    const wait = bucket.take(1);
    return wait === 0 ? null : new AppError('RATE_LIMITED', 'Rate limit exceeded for this connection', { retryAfterMs: Math.max(1, Math.ceil(wait)) });
  };

  app.addHook('onRequest', async (req, reply) => {
    const path = pathOf(req.url);
    const origin = req.headers.origin;
    const host = req.headers.host;
    reply.headers(corsHeaders(policy, CORS, { host, origin }));
    if (req.method === 'OPTIONS') {
      const preflight = answerPreflight(policy, CORS, { host, origin, privateNetwork: single(req.headers['access-control-request-private-network']) });
      if (!preflight.ok) throw preflight.error;
      return reply.headers(preflight.headers).code(204).send();
    }
    if (!isProtected(path)) {
      const denied = checkHostAndOrigin(policy, { host, origin });
      if (denied) throw denied;
      return;
    }
    const auth = authenticate(policy, {
      host, origin, authorization: req.headers.authorization, queryToken: path === '/api/events' ? queryToken(req) : undefined,
    });
    // Liveness without a token (container health checks): /api/health then says only {status}.
    if (!auth.ok && path === '/api/health' && req.method === 'GET' && req.headers.authorization === undefined && auth.error.code === 'UNAUTHORIZED') {
      req.grant = null;
      req.token = undefined;
      req.anonymous = true;
      return;
    }
    if (!auth.ok) throw auth.error;
    req.grant = auth.grant;
    req.token = auth.token;
    const rate = limited(req);
    if (rate) throw rate;
    // The consistency step (CoreContext.refresh) for every admitted API request: the routes that are
    // not operations (settings, health, tokens, bots, events) see what other processes saved too.
    options.core.refresh();
  });

  app.setErrorHandler((err, req, reply) => sendError(err, req, reply, req.routeOptions.bodyLimit));

  const document = buildOpenApiDocument(table, options.core.version);
  await app.register(fastifySwagger, { mode: 'static', specification: { document: document as never } });
  await app.register(fastifySwaggerUi, { routePrefix: '/docs' });
  app.get('/openapi.json', async () => document);

  registerOperationRoutes(app, api);
  registerEventRoutes(app, api);
  registerBotRoutes(app, api);
  registerSettingsRoutes(app, api);
  registerTokenRoutes(app, api);
  registerOpenAiRoutes(app, api);
  const page = await registerDashboard(app, api.staticDir);

  app.setNotFoundHandler((req, reply) => {
    if (wantsPage(req)) return page(reply);
    const path = pathOf(req.url);
    // A GET the dashboard's wildcard took instead of the router's own over-long-parameter answer.
    if (isProtected(path) && hasOverlongSegment(path)) return sendError(pathParamTooLong(), req, reply);
    return sendError(new AppError('ROUTE_NOT_FOUND', `No route ${req.method} ${path}`, { details: { method: req.method, path } }), req, reply);
  });

  app.addHook('preClose', async () => {
    for (const end of [...api.streams]) end();
  });
  return { app, context: api, routes };
}
