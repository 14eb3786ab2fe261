import { z } from 'zod';
import {
  AppError, HistoryResultSchema, ParticipantInputSchema, PersonaRefSchema, SessionClearResultSchema, SessionGetResultSchema,
  SessionListResultSchema, isoNow, } from '../../shared/index.ts';
import { createRepositories } from '../repositories.ts';
import { requirePersona } from '../persona/persona.service.ts';
import { personaFromRef } from '../operations/context-helpers.ts';
import { defineOperation, type OperationContext } from '../operations/operation.ts';
import { resolveIdentity } from '../participants/participant.service.ts';

/** The `session.list` operation (docs/protocol.md). */
export const sessionList = defineOperation({
  name: 'session.list',
  summary: 'List chat sessions, latest activity first, filtered by persona, participant, channel and status. Use to find a session_id.',
  scope: 'read',
  tool: true,
  rest: { method: 'GET', path: '/api/sessions' },
  input: z.object({
    persona_id: PersonaRefSchema.optional(),
    participant: ParticipantInputSchema.optional(),
    channel: z.string().min(1).max(256).optional(),
    status: z.enum(['open', 'closed', 'all']).default('open'),
    limit: z.number().int().min(1).max(200).default(50),
    offset: z.number().int().min(0).default(0),
  }),
  output: SessionListResultSchema,
  async handler(ctx, input) {
    const em = ctx.core.db.manager;
    const personaId = input.persona_id ? (await requirePersona(em, input.persona_id)).id : undefined;
    const participantKey = input.participant ? resolveIdentity(ctx.core.db.manager, input.participant).key : undefined;
    const { rows, total } = await createRepositories(em).sessions.list({
      ...(personaId ? { persona_id: personaId } : {}), ...(participantKey ? { participant_key: participantKey } : {}),
      ...(input.channel ? { channel: input.channel } : {}), status: input.status, limit: input.limit, offset: input.offset,
    });
    return { sessions: rows, total };
  },
});

async function requireSession(ctx: OperationContext, id?: string) {
  const sessionId = id ?? ctx.connection.lastSessionId;
  if (!sessionId) throw new AppError('SESSION_NOT_FOUND', 'No session_id given and this connection has not chatted yet', { details: { session_id: null } });
  const repos = createRepositories(ctx.core.db.manager).sessions;
  const s = await repos.get(sessionId);
  if (!s) throw new AppError('SESSION_NOT_FOUND', `Session not found: ${sessionId}`, { details: { session_id: sessionId } });
  return { ...s, message_count: repos.messageCount({ session_id: s.id }) };
}

/** `session.get` (alias `session.get_info`). */
export const sessionGet = defineOperation({
  name: 'session.get',
  summary: 'Get one chat session (default: the one this connection used last). Use to check a session\'s status and summary.',
  scope: 'read',
  tool: true,
  aliases: ['session.get_info'],
  rest: { method: 'GET', path: '/api/sessions/:session_id' },
  input: z.object({ session_id: z.uuid().optional() }),
  output: SessionGetResultSchema,
  handler: async (ctx, input) => ({ session: await requireSession(ctx, input.session_id) }),
});

/** `session.clear`: close a session so the next chat starts fresh. */
export const sessionClear = defineOperation({
  name: 'session.clear',
  summary: 'Close a chat session so the next chat starts a new one; memories and relationships stay. Use when the user wants to start over.',
  scope: 'chat',
  tool: true,
  destructive: true,
  rest: { method: 'POST', path: '/api/sessions/clear' },
  input: z.object({
    session_id: z.uuid().optional(),
    persona_id: PersonaRefSchema.optional(),
    participant: ParticipantInputSchema.optional(),
    channel: z.string().min(1).max(256).optional(),
    delete_messages: z.boolean().default(false).describe('Also delete the session\'s messages'),
  }),
  output: SessionClearResultSchema,
  async handler(ctx, input) {
    let sessionId = input.session_id;
    if (!sessionId) {
      const persona = await personaFromRef(ctx, input.persona_id);
      const key = resolveIdentity(ctx.core.db.manager, input.participant).key;
      const channel = input.channel ?? (ctx.connection.transport === 'api' ? 'api' : `conn:${ctx.connection.id}`);
      const open = await createRepositories(ctx.core.db.manager).sessions.getOpen(persona.id, key, channel);
      if (!open) throw new AppError('SESSION_NOT_FOUND', 'No open session for that persona, participant and channel', { details: { session_id: null } });
      sessionId = open.id;
    }
    const at = isoNow(ctx.core.now());
    const deleted = await ctx.core.db.transaction(async (em) => {
      const repos = createRepositories(em).sessions;
      const s = await repos.get(sessionId as string);
      if (!s) throw new AppError('SESSION_NOT_FOUND', `Session not found: ${sessionId}`, { details: { session_id: sessionId } });
      await repos.save({ ...s, status: 'closed', closed_at: s.closed_at ?? at });
      return input.delete_messages ? repos.deleteMessages(s.id) : 0;
    });
    ctx.core.chatQueue.cancelWaiting(sessionId, 'session cleared');
    return { session_id: sessionId, cleared: true as const, messages_deleted: deleted };
  },
});

/** `conversation.history` (alias `conversation.get_history`): messages of a session or conversation. */
export const conversationHistory = defineOperation({
  name: 'conversation.history',
  summary: 'Get the messages of a chat session or persona conversation, oldest first, paged back with before_seq. Use to reread what was said.',
  scope: 'read',
  tool: true,
  aliases: ['conversation.get_history'],
  rest: { method: 'GET', path: '/api/history' },
  input: z
    .object({
      conversation_id: z.uuid().optional().describe('A persona conversation; or give session_id'),
      session_id: z.uuid().optional().describe('A chat session, from persona.chat'),
      limit: z.number().int().min(1).max(500).default(50),
      before_seq: z.number().int().min(1).optional().describe('Only messages before this seq (the next page back)'),
    })
    .refine((i) => (i.conversation_id === undefined) !== (i.session_id === undefined), { message: 'give exactly one of conversation_id or session_id', path: ['session_id'] }),
  output: HistoryResultSchema,
  async handler(ctx, input) {
    const repos = createRepositories(ctx.core.db.manager);
    if (input.session_id) {
      const s = await repos.sessions.get(input.session_id);
      if (!s) throw new AppError('SESSION_NOT_FOUND', `Session not found: ${input.session_id}`, { details: { session_id: input.session_id } });
      const page = repos.sessions.page({ session_id: s.id }, input.limit, input.before_seq);
      return { id: s.id, kind: 'session' as const, messages: page.messages, summary: s.summary, has_more: page.has_more };
    }
    const id = input.conversation_id as string;
    if (!repos.conversations.get(id)) throw new AppError('CONVERSATION_NOT_FOUND', `Conversation not found: ${id}`, { details: { conversation_id: id } });
    const page = repos.sessions.page({ conversation_id: id }, input.limit, input.before_seq);
    return { id, kind: 'conversation' as const, messages: page.messages, summary: null, has_more: page.has_more };
  },
});
