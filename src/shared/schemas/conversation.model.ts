import { z } from 'zod';
import { IdSchema, TimestampSchema } from './common.model.ts';

/** A chat session: persona ↔ one participant in one channel. */
export const SessionSchema = z.object({
  id: IdSchema,
  persona_id: IdSchema,
  participant_key: z.string(),
  channel: z.string(),
  status: z.enum(['open', 'closed']),
  turn_count: z.number().int(),
  summary: z.string().nullable(),
  summary_upto_seq: z.number().int(),
  created_at: TimestampSchema,
  last_activity_at: TimestampSchema,
  closed_at: TimestampSchema.nullable(),
  last_connection_id: z.string().nullable(),
});
/** A chat session. */
export type Session = z.infer<typeof SessionSchema>;

/** `SessionView` = session + message_count. */
export const SessionViewSchema = SessionSchema.extend({ message_count: z.number().int() });
/** Session view. */
export type SessionView = z.infer<typeof SessionViewSchema>;

/** Which LLM produced a message. */
export const LlmKindSchema = z.enum(['ollama', 'openai', 'offline', 'template']);
/** How a reply was produced. */
export const ResponseTypeSchema = z.enum(['direct', 'offline', 'full_llm', 'constrained', 'template']);
/** Why generation stopped. */
export const FinishReasonSchema = z.enum(['stop', 'length', 'cancelled', 'error']);

/** A message of a session or a conversation. */
export const MessageSchema = z.object({
  id: IdSchema,
  session_id: IdSchema.nullable(),
  conversation_id: IdSchema.nullable(),
  seq: z.number().int().min(1),
  role: z.enum(['participant', 'persona', 'system']),
  speaker_key: z.string(),
  speaker_name: z.string(),
  content: z.string().max(16_000),
  created_at: TimestampSchema,
  llm: LlmKindSchema.nullable(),
  model: z.string().nullable(),
  response_type: ResponseTypeSchema.nullable(),
  finish_reason: FinishReasonSchema.nullable(),
  tokens_used: z.number().int().nullable(),
  prompt_tokens: z.number().int().nullable(),
  continue_score: z.number().int().nullable(),
  processing_time: z.number().nullable(),
  metadata: z.record(z.string(), z.unknown()),
});
/** A message. */
export type Message = z.infer<typeof MessageSchema>;

/** A persona ↔ persona conversation. */
export const ConversationSchema = z.object({
  id: IdSchema,
  participants: z.array(IdSchema).min(2).max(8),
  observers: z.array(z.string()),
  channel: z.string().nullable(),
  topic: z.string(),
  topic_drift_count: z.number().int(),
  duration: z.number(),
  max_duration: z.number(),
  token_budget: z.number().int(),
  tokens_used: z.number().int(),
  continue_score: z.number().int(),
  score_history: z.array(z.number().int()),
  turn_count: z.number().int(),
  last_speaker_id: IdSchema.nullable(),
  status: z.enum(['active', 'ended']),
  started_at: TimestampSchema,
  ended_at: TimestampSchema.nullable(),
  exit_reason: z.string().nullable(),
});
/** A conversation. */
export type Conversation = z.infer<typeof ConversationSchema>;

/** `ConversationView` = conversation + derived values. */
export const ConversationViewSchema = ConversationSchema.extend({
  message_count: z.number().int(),
  tokens_remaining: z.number().int(),
  should_continue: z.boolean(),
});
/** Conversation view. */
export type ConversationView = z.infer<typeof ConversationViewSchema>;
