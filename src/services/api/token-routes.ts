// Access tokens with scopes (tokens are managed by the host and the PersonaAPI):
// list, issue (the value is shown once) and revoke. Admin scope; only hashes are stored.
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { SCOPES } from '../../core/index.ts';
import { parseInput } from '../runtime/index.ts';
import { requireScope, type ApiContext } from './api-context.ts';

/** Body of `POST /api/settings/tokens`. */
export const TokenIssueSchema = z.strictObject({
  name: z.string().min(1).max(64),
  scopes: z.array(z.enum(SCOPES)).min(1).max(SCOPES.length),
});

/** An issued token as listed (never its value). */
export const IssuedTokenSchema = z.object({
  id: z.string(), name: z.string(), scopes: z.array(z.enum(SCOPES)), created_at: z.string(), revoked_at: z.string().nullable(),
});

/** Registers `/api/settings/tokens`. */
export function registerTokenRoutes(app: FastifyInstance, api: ApiContext): void {
  app.get('/api/settings/tokens', async (req) => {
    requireScope(req, 'admin');
    return { tokens: await api.core.tokens.list() };
  });
  app.post('/api/settings/tokens', { config: { body: 'object' } }, async (req) => {
    requireScope(req, 'admin');
    const input = parseInput(TokenIssueSchema, req.body ?? {}, 'Invalid token request');
    const { id, token } = await api.core.tokens.issue(input.name, input.scopes);
    return { id, token, name: input.name, scopes: [...new Set(input.scopes)] };
  });
  app.delete<{ Params: { token_id: string } }>('/api/settings/tokens/:token_id', async (req, reply) => {
    requireScope(req, 'admin');
    await api.core.tokens.revoke(req.params.token_id);
    return reply.code(204).send();
  });
}
