import { z } from 'zod';
import { PingResultSchema, SystemStatusResultSchema, isoNow } from '../../shared/index.ts';
import { createRepositories } from '../repositories.ts';
import { personaSummaries } from '../persona/persona.service.ts';
import { defineOperation } from '../operations/operation.ts';

/** `ping`: liveness, answers `{}`. */
export const ping = defineOperation({
  name: 'ping',
  summary: 'Liveness check; answers {}.',
  scope: 'read',
  tool: false,
  rest: { method: 'GET', path: '/api/ping' },
  input: z.object({}),
  output: PingResultSchema,
  async handler() {
    return {};
  },
});

/** `system.status`: server health and counts. */
export const systemStatus = defineOperation({
  name: 'system.status',
  summary: 'Get server health: version, uptime, LLM status, persona, session and connection counts, jobs. Use when calls fail or to check the LLM is reachable.',
  scope: 'read',
  tool: true,
  rest: { method: 'GET', path: '/api/system/status' },
  input: z.object({}),
  output: SystemStatusResultSchema,
  async handler(ctx) {
    const { core } = ctx;
    const now = core.now();
    const em = core.db.manager;
    const summaries = await personaSummaries(em, now, core.config.emotion);
    const repos = createRepositories(em);
    const llm = await core.llmStatus();
    const jobs = await core.jobStatus();
    return {
      system_status: llm.ok ? ('operational' as const) : ('degraded' as const),
      version: core.version,
      uptime_s: Math.max(0, Math.round((now.getTime() - core.startedAt.getTime()) / 1000)),
      llm_available: llm.ok,
      llm: { provider: llm.provider, model: llm.model, base_url: llm.base_url, latency_ms: llm.latency_ms, error: llm.error },
      total_personas: summaries.length,
      available_personas: summaries.filter((p) => p.available).length,
      active_conversations: repos.conversations.countActive(),
      open_sessions: await repos.sessions.countOpen(),
      connections: ctx.transport?.connections() ?? 0,
      current_persona: ctx.connection.currentPersonaId,
      current_conversation: ctx.connection.lastConversationId,
      jobs,
      timestamp: isoNow(now),
    };
  },
});
