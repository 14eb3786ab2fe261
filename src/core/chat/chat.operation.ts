import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { ChatResultSchema, ChatStreamResultSchema, ParticipantInputSchema, PersonaRefSchema, VisibilitySchema } from '../../shared/index.ts';
import { chat, type ChatRequest } from './chat.service.ts';
import { defineOperation, type OperationContext } from '../operations/operation.ts';

/** `persona.chat` params. */
export const ChatInputSchema = z.object({
  message: z.string().min(1).max(8000),
  persona_id: PersonaRefSchema.optional(),
  participant: ParticipantInputSchema.optional().describe('Who speaks (default: an anonymous user)'),
  session_id: z.uuid().optional().describe('Default: the open session of persona, participant, channel'),
  channel: z.string().min(1).max(256).optional().describe('Room or place, e.g. matrix:!room:server'),
  stream: z.boolean().default(false),
  token_budget: z.number().int().min(16).max(4096).default(500).describe('Max tokens of the reply'),
  context: z.string().max(2000).optional().describe('Situation or game state for this reply'),
  witnesses: z.array(ParticipantInputSchema).max(63).default([]).describe('Others present who see the exchange'),
  remember: z.boolean().default(true),
  memory_visibility: VisibilitySchema.default('private'),
  allow_offline: z.boolean().optional().describe('Use the offline responder if the LLM fails'),
});

/** Runs a chat with streaming wired to the connection when the caller asked for it. */
export async function runChat(ctx: OperationContext, input: ChatRequest) {
  const stream = input.stream && ctx.notify !== undefined;
  const streamId = randomUUID();
  const local = new AbortController();
  const signal = ctx.signal ? AbortSignal.any([ctx.signal, local.signal]) : local.signal;
  const unregister = stream && ctx.registerStream ? ctx.registerStream(streamId, () => local.abort()) : () => undefined;
  try {
    return await chat(ctx, { ...input, stream }, {
      signal, streamId,
      ...(stream ? { onDelta: (delta: string, index: number) => ctx.notify?.('persona.chat.delta', { request_id: ctx.requestId ?? null, stream_id: streamId, delta, index }) } : {}),
    });
  } finally {
    unregister();
  }
}

/** The `persona.chat` operation (docs/protocol.md). */
export const personaChat = defineOperation({
  name: 'persona.chat',
  summary: 'Talk to a persona in character and get its reply; it remembers the exchange. Use for any in-character conversation.',
  scope: 'chat',
  llm: true,
  streams: true,
  tool: true,
  rest: { method: 'POST', path: '/api/personas/:persona_id/chat' },
  input: ChatInputSchema,
  output: ChatResultSchema,
  example: { params: { persona_id: 'Aria', message: 'Hello!', participant: { id: '@bob:example.org', display_name: 'Bob', platform: 'matrix' } } },
  handler: (ctx, input) => runChat(ctx, input),
});

/** `persona.chat_stream`: legacy alias, stream forced on, legacy result keys. */
export const personaChatStream = defineOperation({
  name: 'persona.chat_stream',
  summary: 'Legacy streaming chat: persona.chat with stream:true plus the stream_complete keys.',
  scope: 'chat',
  llm: true,
  streams: true,
  tool: false,
  input: ChatInputSchema.omit({ stream: true }),
  output: ChatStreamResultSchema,
  async handler(ctx, input) {
    const r = await runChat(ctx, { ...input, stream: true });
    return { ...r, event_type: 'stream_complete' as const, full_response: r.response, response_length: [...r.response].length, chunk_count: r.chunk_count ?? 1 };
  },
});

/** `conversation.send_message`: the earlier Matrix bot's call, mapped to persona.chat. */
export const conversationSendMessage = defineOperation({
  name: 'conversation.send_message',
  summary: 'Legacy bot alias of persona.chat (content, sender, room_id).',
  scope: 'chat',
  llm: true,
  tool: false,
  input: z.object({ content: z.string().min(1).max(8000), sender: z.string().min(1).max(256), room_id: z.string().min(1).max(240).optional(), persona_id: PersonaRefSchema.optional() }),
  output: ChatResultSchema,
  handler: (ctx, input) => runChat(ctx, {
    message: input.content, ...(input.persona_id ? { persona_id: input.persona_id } : {}),
    participant: { id: input.sender, display_name: input.sender, platform: 'matrix' },
    ...(input.room_id ? { channel: `matrix:${input.room_id}` } : {}),
    stream: false, token_budget: 500, witnesses: [], remember: true, memory_visibility: 'private',
  }),
});
