// Bot control (docs/architecture.md "Processes"): the host owns the bot processes, so status and start/stop
// are forwarded with `link.request('bot.*')` (503 HOST_NOT_ATTACHED when the service runs alone). Bot
// configuration lives in the core and works without the host; secrets stay write-only.
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { AppError, BotConfigInputSchema, type BotConfigInput } from '../../shared/index.ts';
import { deleteBotConfig, getBotConfig, setBotConfig } from '../../core/index.ts';
import { parseInput } from '../runtime/index.ts';
import { requireScope, resolvePersonaId, type ApiContext } from './api-context.ts';
import { coerceQuery } from './query-coerce.ts';

/** Query of `GET /api/bots/:persona_id/logs`. */
export const BotLogsQuerySchema = z.object({ limit: z.number().int().min(1).max(10_000).default(200) });

type PersonaParams = { persona_id: string };

/**
 * Parses a PUT body: fields not sent keep their stored value (the dashboard sends partial forms),
 * then the whole is validated as BotConfigInput.
 */
async function parseConfigBody(api: ApiContext, personaId: string, body: unknown): Promise<BotConfigInput> {
  if (body === undefined || body === null || typeof body !== 'object' || Array.isArray(body)) {
    throw new AppError('INVALID_PARAMS', 'The body must be a JSON object', { issues: [{ path: [], code: 'invalid_type', message: 'expected object' }] });
  }
  const { persona_id: _ignored, ...fields } = body as Record<string, unknown>;
  const stored = await getBotConfig(api.core, personaId);
  const base: Record<string, unknown> = {};
  if (stored) {
    const { persona_id: _p, has_access_token: _t, has_password: _w, ...rest } = stored;
    Object.assign(base, rest);
  }
  return parseInput(BotConfigInputSchema, { ...base, ...fields }, 'Invalid bot configuration');
}

/** Registers `/api/bots/**`. */
export function registerBotRoutes(app: FastifyInstance, api: ApiContext): void {
  const host = (action: Parameters<ApiContext['link']['request']>[0], params: Record<string, unknown> = {}) => api.link.request(action, params);

  // `/api/bots/status` is the list too (an earlier design's route): a persona named "status" is reached by its id.
  for (const url of ['/api/bots', '/api/bots/status']) {
    app.get(url, async (req) => {
      requireScope(req, 'read');
      return { bots: await host('bot.list') };
    });
  }
  app.post('/api/bots/start-all', async (req) => {
    requireScope(req, 'admin');
    return { bots: await host('bot.start_all') };
  });
  app.post('/api/bots/stop-all', async (req) => {
    requireScope(req, 'admin');
    return { bots: await host('bot.stop_all') };
  });
  app.get<{ Params: PersonaParams }>('/api/bots/:persona_id', async (req) => {
    requireScope(req, 'read');
    const personaId = await resolvePersonaId(api, req.params.persona_id);
    const status = await host('bot.status', { persona_id: personaId });
    return { status, config: await getBotConfig(api.core, personaId) };
  });
  for (const action of ['start', 'stop', 'restart'] as const) {
    app.post<{ Params: PersonaParams }>(`/api/bots/:persona_id/${action}`, async (req) => {
      requireScope(req, 'admin');
      const personaId = await resolvePersonaId(api, req.params.persona_id);
      return { status: await host(`bot.${action}`, { persona_id: personaId }) };
    });
  }
  app.get<{ Params: PersonaParams }>('/api/bots/:persona_id/logs', async (req) => {
    requireScope(req, 'read');
    const query = parseInput(BotLogsQuerySchema, coerceQuery(req.query as Record<string, string>, BotLogsQuerySchema), 'Invalid query');
    const personaId = await resolvePersonaId(api, req.params.persona_id);
    return { lines: await host('bot.logs', { persona_id: personaId, limit: query.limit }) };
  });
  app.get<{ Params: PersonaParams }>('/api/bots/:persona_id/config', async (req) => {
    requireScope(req, 'read');
    return { config: await getBotConfig(api.core, req.params.persona_id) };
  });
  app.put<{ Params: PersonaParams }>('/api/bots/:persona_id/config', { config: { body: 'object' } }, async (req) => {
    requireScope(req, 'admin');
    const personaId = await resolvePersonaId(api, req.params.persona_id);
    const input = await parseConfigBody(api, personaId, req.body);
    return { config: await setBotConfig(api.core, personaId, input) };
  });
  app.delete<{ Params: PersonaParams }>('/api/bots/:persona_id/config', async (req, reply) => {
    requireScope(req, 'admin');
    await deleteBotConfig(api.core, req.params.persona_id);
    return reply.code(204).send();
  });
}
