import { EntitySchema } from 'typeorm';
import type { Conversation, Message, Session } from '../../../shared/index.ts';
import { bool, int, intNull, json, real, realNull, text, textKey, textNull } from './columns.ts';

/** Row of `sessions`. */
export type SessionRow = Session;

/** `sessions`. */
export const SessionEntity = new EntitySchema<SessionRow>({
  name: 'Session',
  tableName: 'sessions',
  columns: {
    id: textKey(), persona_id: text(), participant_key: text(), channel: text(), status: text(), turn_count: int(),
    summary: textNull(), summary_upto_seq: int(), created_at: text(), last_activity_at: text(), closed_at: textNull(),
    last_connection_id: textNull(),
  },
});

/** Row of `messages`. */
export type MessageRow = Message;

/** `messages` (each row belongs to a session xor a conversation). */
export const MessageEntity = new EntitySchema<MessageRow>({
  name: 'Message',
  tableName: 'messages',
  columns: {
    id: textKey(), session_id: textNull(), conversation_id: textNull(), seq: int(), role: text(), speaker_key: text(),
    speaker_name: text(), content: text(), created_at: text(), llm: textNull(), model: textNull(),
    response_type: textNull(), finish_reason: textNull(), tokens_used: intNull(), prompt_tokens: intNull(),
    continue_score: intNull(), processing_time: realNull(), metadata: json(),
  },
});

/** Row of `conversations`. */
export type ConversationRow = Conversation;

/** `conversations`. */
export const ConversationEntity = new EntitySchema<ConversationRow>({
  name: 'Conversation',
  tableName: 'conversations',
  columns: {
    id: textKey(), participants: json(), observers: json(), channel: textNull(), topic: text(),
    topic_drift_count: int(), duration: real(), max_duration: real(), token_budget: int(), tokens_used: int(),
    continue_score: int(), score_history: json(), turn_count: int(), last_speaker_id: textNull(), status: text(),
    started_at: text(), ended_at: textNull(), exit_reason: textNull(),
  },
});

/** Row of `conversation_members`: who takes part, and whether the conversation is still active for them. */
export interface ConversationMemberRow {
  conversation_id: string;
  persona_id: string;
  position: number;
  active: boolean;
}

/** `conversation_members`. */
export const ConversationMemberEntity = new EntitySchema<ConversationMemberRow>({
  name: 'ConversationMember',
  tableName: 'conversation_members',
  columns: { conversation_id: textKey(), persona_id: textKey(), position: int(), active: bool() },
});
