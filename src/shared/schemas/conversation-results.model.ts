// Results of the conversation.* operations between personas (docs/protocol.md): the
// operations declare them as their output, and the dashboard infers its types from them.
import { z } from 'zod';
import { IdSchema, TimestampSchema } from './common.model.ts';
import { ConversationViewSchema } from './conversation.model.ts';

/** Cooldown seconds per persona id after a conversation. */
const CooldownsSchema = z.record(z.string(), z.number());

/** `conversation.start` result. */
export const ConversationStartResultSchema = z.object({
  conversation_id: IdSchema, participants: z.array(IdSchema), topic: z.string(), started: z.literal(true),
  token_budget: z.number().int(), status: z.literal('active'),
});
/** `conversation.start` result. */
export type ConversationStartResult = z.infer<typeof ConversationStartResultSchema>;

/** One turn of a persona conversation: who spoke, what, and how it was produced. */
export const ConversationTurnSchema = z.object({
  message_id: IdSchema, turn_number: z.number().int(), speaker_id: IdSchema, speaker_name: z.string(), content: z.string(),
  response_type: z.enum(['full_llm', 'constrained', 'template', 'offline']), llm: z.enum(['ollama', 'openai', 'offline', 'template']),
  continue_score: z.number().int(), tokens_used: z.number().int(), processing_time: z.number(),
});
/** One turn of a persona conversation. */
export type ConversationTurn = z.infer<typeof ConversationTurnSchema>;

/** `conversation.turn` result. */
export const ConversationTurnResultSchema = z.object({
  conversation_id: IdSchema, turn: ConversationTurnSchema, continue_score: z.number().int(), should_continue: z.boolean(), ended: z.boolean(),
  exit_reason: z.string().nullable(), next_speaker_id: IdSchema.nullable(), tokens_remaining: z.number().int(),
  memories_created: z.array(IdSchema), cooldowns: CooldownsSchema.optional(),
});
/** `conversation.turn` result. */
export type ConversationTurnResult = z.infer<typeof ConversationTurnResultSchema>;

/** `conversation.end` result. */
export const ConversationEndResultSchema = z.object({
  conversation_id: IdSchema, ended: z.literal(true), reason: z.string(),
  final_stats: z.object({ duration: z.number(), turns: z.number().int(), tokens_used: z.number().int() }), cooldowns: CooldownsSchema,
});
/** `conversation.end` result. */
export type ConversationEndResult = z.infer<typeof ConversationEndResultSchema>;

/** `conversation.status` result. */
export const ConversationStatusResultSchema = z.object({
  id: IdSchema, participants: z.array(IdSchema), topic: z.string(), turn_count: z.number().int(), duration: z.number(),
  continue_score: z.number().int(), tokens_remaining: z.number().int(), should_continue: z.boolean(), status: z.enum(['active', 'ended']),
  next_speaker_id: IdSchema.nullable(), started_at: TimestampSchema, ended_at: TimestampSchema.nullable(), exit_reason: z.string().nullable(),
});
/** `conversation.status` result. */
export type ConversationStatusResult = z.infer<typeof ConversationStatusResultSchema>;

/** `conversation.list` result. */
export const ConversationListResultSchema = z.object({ conversations: z.array(ConversationViewSchema), total: z.number().int() });
/** `conversation.list` result. */
export type ConversationListResult = z.infer<typeof ConversationListResultSchema>;
