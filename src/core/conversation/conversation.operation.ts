import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import {
  ConversationEndResultSchema, ConversationListResultSchema, ConversationStartResultSchema, ConversationStatusResultSchema,
  ConversationTurnResultSchema, ParticipantInputSchema, PersonaRefSchema, } from '../../shared/index.ts';
import { conversationStatus, endConversation, listConversations, startConversation } from './conversation.service.ts';
import { takeTurn } from './conversation-turn.ts';
import { requirePersona } from '../persona/persona.service.ts';
import { defineOperation, type Operation } from '../operations/operation.ts';
import { resolveIdentity } from '../participants/participant.service.ts';

/** `conversation.start` params: the legacy pair or `participants`. */
export const ConversationStartInputSchema = z
  .object({
    persona1_id: PersonaRefSchema.optional(),
    persona2_id: PersonaRefSchema.optional(),
    participants: z.array(PersonaRefSchema).min(2).max(8).optional().describe('The personas taking part; or give persona1_id and persona2_id'),
    topic: z.string().trim().min(1).max(64).default('general'),
    token_budget: z.number().int().min(100).max(100_000).optional().describe('Tokens all turns may use together (default: config)'),
    max_duration: z.number().min(30).max(86_400).optional().describe('Seconds before it ends by itself'),
    channel: z.string().min(1).max(256).optional(),
    observers: z.array(ParticipantInputSchema).max(32).default([]).describe('Participants who watch; they witness its memories'),
    force: z.boolean().default(false).describe('Start even when a persona is unavailable'),
  })
  .superRefine((i, ctx) => {
    const pair = i.persona1_id !== undefined || i.persona2_id !== undefined;
    if (pair && i.participants !== undefined) {
      ctx.addIssue({ code: 'custom', path: ['participants'], message: 'give either persona1_id/persona2_id or participants, not both' });
    } else if (!pair && i.participants === undefined) {
      ctx.addIssue({ code: 'custom', path: ['participants'], message: 'give participants (2–8 personas) or persona1_id and persona2_id' });
    } else if (pair && (i.persona1_id === undefined || i.persona2_id === undefined)) {
      ctx.addIssue({ code: 'custom', path: [i.persona1_id === undefined ? 'persona1_id' : 'persona2_id'], message: 'the legacy pair needs both persona1_id and persona2_id' });
    }
    const refs = i.participants ?? [i.persona1_id, i.persona2_id].filter((r): r is string => r !== undefined);
    if (new Set(refs.map((r) => r.toLowerCase())).size !== refs.length) {
      ctx.addIssue({ code: 'custom', path: [i.participants ? 'participants' : 'persona2_id'], message: 'participants must be distinct personas' });
    }
  });

/** The `conversation.start` operation (docs/protocol.md). */
export const conversationStart = defineOperation({
  name: 'conversation.start',
  summary: 'Start a conversation between 2–8 personas on a topic; returns its id. Use to let personas talk with each other, then call conversation.turn.',
  scope: 'chat',
  deadline: 'llm',
  tool: true,
  rest: { method: 'POST', path: '/api/conversations' },
  input: ConversationStartInputSchema,
  output: ConversationStartResultSchema,
  example: { params: { persona1_id: 'Aria', persona2_id: 'Kira', topic: 'magic' } },
  async handler(ctx, input) {
    const { conversation } = await startConversation(ctx.core, {
      participants: input.participants ?? [input.persona1_id as string, input.persona2_id as string],
      topic: input.topic, force: input.force,
      observers: input.observers.map((o) => resolveIdentity(ctx.core.db.manager, o).key),
      ...(input.token_budget !== undefined ? { token_budget: input.token_budget } : {}),
      ...(input.max_duration !== undefined ? { max_duration: input.max_duration } : {}),
      ...(input.channel !== undefined ? { channel: input.channel } : {}),
    });
    ctx.connection.lastConversationId = conversation.id;
    return {
      conversation_id: conversation.id, participants: conversation.participants, topic: conversation.topic, started: true as const,
      token_budget: conversation.token_budget, status: 'active' as const,
    };
  },
});

/** The `conversation.turn` operation (docs/protocol.md). */
export const conversationTurn = defineOperation({
  name: 'conversation.turn',
  summary: 'Advance a persona conversation by one turn: the next speaker replies, and relationships, emotions and memories change. Use after conversation.start, once per turn.',
  scope: 'chat',
  llm: true,
  tool: true,
  rest: { method: 'POST', path: '/api/conversations/:conversation_id/turn' },
  input: z.object({
    conversation_id: z.uuid().optional().describe('Default: this connection\'s last conversation'),
    speaker_id: PersonaRefSchema.optional().describe('Who speaks now (default: turn-taking picks)'),
    input: z.string().min(1).max(8000).optional().describe('The line to answer (default: the last message of another speaker)'),
    topic: z.string().trim().min(1).max(64).optional().describe('Change the topic from this turn on'),
    stream: z.boolean().default(false),
  }),
  output: ConversationTurnResultSchema,
  example: { params: { conversation_id: 'e5e5e5e5-0000-4000-8000-000000000005' } },
  async handler(ctx, input) {
    const stream = input.stream && ctx.notify !== undefined;
    const streamId = randomUUID();
    const conversationId = input.conversation_id ?? ctx.connection.lastConversationId;
    return takeTurn(ctx.core, conversationId, {
      ...(input.speaker_id !== undefined ? { speaker_id: input.speaker_id } : {}),
      ...(input.input !== undefined ? { input: input.input } : {}),
      ...(input.topic !== undefined ? { topic: input.topic } : {}),
    }, {
      ...(ctx.signal ? { signal: ctx.signal } : {}),
      ...(stream ? { onDelta: (delta: string, index: number) => ctx.notify?.('persona.chat.delta', { request_id: ctx.requestId ?? null, stream_id: streamId, conversation_id: conversationId, delta, index }) } : {}),
    });
  },
});

/** The `conversation.end` operation (docs/protocol.md). */
export const conversationEnd = defineOperation({
  name: 'conversation.end',
  summary: 'End a persona conversation (default: this connection\'s last one); its personas get their cooldowns. Use when the conversation is over.',
  scope: 'chat',
  tool: true,
  rest: { method: 'POST', path: '/api/conversations/:conversation_id/end' },
  input: z.object({ conversation_id: z.uuid().optional(), reason: z.string().trim().min(1).max(64).default('user_request').describe('Why it ended, recorded as its exit reason') }),
  output: ConversationEndResultSchema,
  example: { params: { conversation_id: 'e5e5e5e5-0000-4000-8000-000000000005' } },
  handler: (ctx, input) => endConversation(ctx.core, input.conversation_id ?? ctx.connection.lastConversationId, input.reason),
});

/** The `conversation.status` operation (docs/protocol.md). */
export const conversationStatusOp = defineOperation({
  name: 'conversation.status',
  summary: 'Get the state of a persona conversation (default: this connection\'s last one) with the next speaker. Use to check whose turn it is.',
  scope: 'read',
  tool: true,
  rest: { method: 'GET', path: '/api/conversations/:conversation_id' },
  input: z.object({ conversation_id: z.uuid().optional() }),
  output: ConversationStatusResultSchema,
  handler: (ctx, input) => conversationStatus(ctx.core, input.conversation_id ?? ctx.connection.lastConversationId),
});

/** The `conversation.list` operation (docs/protocol.md). */
export const conversationList = defineOperation({
  name: 'conversation.list',
  summary: 'List persona conversations, newest first, by status (default active) and optionally one persona\'s. Use to find a conversation_id.',
  scope: 'read',
  tool: true,
  rest: { method: 'GET', path: '/api/conversations' },
  input: z.object({
    persona_id: PersonaRefSchema.optional(),
    status: z.enum(['active', 'ended', 'all']).default('active'),
    limit: z.number().int().min(1).max(200).default(50),
    offset: z.number().int().min(0).default(0),
  }),
  output: ConversationListResultSchema,
  async handler(ctx, input) {
    const personaId = input.persona_id ? (await requirePersona(ctx.core.db.manager, input.persona_id)).id : undefined;
    return listConversations(ctx.core, { ...(personaId ? { persona_id: personaId } : {}), status: input.status, limit: input.limit, offset: input.offset });
  },
});

/** Every `conversation.*` operation, in catalogue order. */
export const CONVERSATION_OPERATIONS: readonly Operation[] = [conversationStart, conversationTurn, conversationEnd, conversationStatusOp, conversationList];
