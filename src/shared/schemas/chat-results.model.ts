// Results of the chat and session operations (docs/protocol.md): the operations declare them as
// their output, and the dashboard infers its types from them.
import { z } from 'zod';
import { EmotionViewSchema } from './emotion.model.ts';
import { ScoreComponentsSchema } from './memory.model.ts';
import { MessageSchema, SessionViewSchema } from './conversation.model.ts';

const axes = { affinity: z.number(), trust: z.number(), respect: z.number(), familiarity: z.number() };

/** A memory recalled for a chat reply, with its score components. */
export const UsedMemorySchema = z.object({ memory_id: z.string(), content: z.string(), score: z.number(), score_components: ScoreComponentsSchema });
/** A memory recalled for a chat reply. */
export type UsedMemory = z.infer<typeof UsedMemorySchema>;

/** A fact a chat turn changed (docs/memory.md "How facts are learned"): added, touched (confirmed), superseded or deleted (archived). */
export const FactChangeSchema = z.object({ id: z.string(), op: z.enum(['added', 'touched', 'superseded', 'deleted']), text: z.string() });
/** A fact a chat turn changed. */
export type FactChange = z.infer<typeof FactChangeSchema>;

/** The four relationship axes. */
export const RelationshipAxesSchema = z.object(axes);
/** The four relationship axes. */
export type RelationshipAxes = z.infer<typeof RelationshipAxesSchema>;

/** `persona.chat` result, also of `conversation.send_message`. */
export const ChatResultSchema = z.object({
  response: z.string(), persona_id: z.string(), persona_name: z.string(), session_id: z.string(), message_id: z.string(),
  participant: z.object({ key: z.string(), display_name: z.string(), platform: z.string() }),
  response_type: z.enum(['direct', 'offline']), llm: z.enum(['ollama', 'openai', 'offline']), model: z.string().nullable(),
  llm_error: z.object({ code: z.string(), message: z.string() }).optional(),
  finish_reason: z.enum(['stop', 'length', 'cancelled', 'error']), continue_score: z.literal(50),
  tokens_used: z.number().int(), prompt_tokens: z.number().int(), processing_time: z.number(), llm_time_ms: z.number(),
  memories_used: z.array(UsedMemorySchema),
  memory_id: z.string().nullable(), facts: z.array(FactChangeSchema), emotion: EmotionViewSchema,
  relationship: z.object({ relationship_type: z.string(), ...axes, interaction_count: z.number().int(), delta: RelationshipAxesSchema }),
  persona_state: z.object({ social_energy: z.number(), available_time: z.number(), interaction_fatigue: z.number() }),
  stream_id: z.string().optional(), chunk_count: z.number().int().optional(),
});
/** `persona.chat` result. */
export type ChatResult = z.infer<typeof ChatResultSchema>;

/** `persona.chat_stream` result (legacy): the chat result plus the stream_complete keys. */
export const ChatStreamResultSchema = ChatResultSchema.extend({ event_type: z.literal('stream_complete'), full_response: z.string(), response_length: z.number().int() });
/** `persona.chat_stream` result. */
export type ChatStreamResult = z.infer<typeof ChatStreamResultSchema>;

/** `session.list` result. */
export const SessionListResultSchema = z.object({ sessions: z.array(SessionViewSchema), total: z.number().int() });
/** `session.list` result. */
export type SessionListResult = z.infer<typeof SessionListResultSchema>;

/** `session.get` result. */
export const SessionGetResultSchema = z.object({ session: SessionViewSchema });
/** `session.get` result. */
export type SessionGetResult = z.infer<typeof SessionGetResultSchema>;

/** `session.clear` result. */
export const SessionClearResultSchema = z.object({ session_id: z.string(), cleared: z.literal(true), messages_deleted: z.number().int() });
/** `session.clear` result. */
export type SessionClearResult = z.infer<typeof SessionClearResultSchema>;

/** `conversation.history` result: messages of a session or conversation, oldest first. */
export const HistoryResultSchema = z.object({ id: z.string(), kind: z.enum(['conversation', 'session']), messages: z.array(MessageSchema), summary: z.string().nullable(), has_more: z.boolean() });
/** `conversation.history` result. */
export type HistoryResult = z.infer<typeof HistoryResultSchema>;
