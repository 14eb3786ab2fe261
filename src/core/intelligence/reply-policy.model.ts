import { fnv1a32, words } from './text.ts';

// Matrix bot reply policy (intelligence.md §10): a probability from the first matching rule and a
// deterministic draw per (event, bot), so two bots in one room decide independently but reproducibly.

/** The deterministic draw u = fnv1a32(event_id + ":" + bot_user_id) / 2^32. */
export function replyDraw(eventId: string, botUserId: string): number {
  return fnv1a32(`${eventId}:${botUserId}`) / 2 ** 32;
}

/** What the policy reads of one incoming message. */
export interface ReplyContext {
  mode: 'smart' | 'mention' | 'always';
  body: string;
  sender: string;
  bot_user_id: string;
  persona_name: string;
  /** Mentioned via m.mentions, a pill or @localpart. */
  mentioned: boolean;
  ignored: boolean;
  before_start: boolean;
  sender_is_known_bot: boolean;
  bot_chain_exceeded: boolean;
  direct_room: boolean;
}

const GREETINGS = ['hello', 'hi', 'hey', 'greetings'];

/** The reply probability p of the first matching rule (0 = never). */
export function replyProbability(c: ReplyContext): number {
  const lower = c.body.toLowerCase().trim();
  const name = c.persona_name.toLowerCase();
  const ws = words(lower);
  if (c.sender === c.bot_user_id || c.ignored || c.before_start) return 0;
  if (c.mode === 'always') return c.sender_is_known_bot && !c.mentioned ? 0 : 1;
  if (c.mentioned) return 1;
  if (lower.startsWith(name) && !/\p{L}/u.test(lower.charAt(name.length))) return 1;
  if (lower.includes(name) && ws.length <= 4) return 1;
  if (c.sender_is_known_bot || c.bot_chain_exceeded) return 0;
  if (c.mode === 'mention') return 0;
  if (c.direct_room) return 1;
  if (/^(hello|hi|hey) everyone\b|^(hi|hello) all\b|^good (morning|afternoon|evening)\b/.test(lower)) return 0.8;
  if (ws.length <= 2 && ws.some((w) => GREETINGS.includes(w.replace(/[^\p{L}]/gu, '')))) return 0.7;
  if (lower.includes('?') && ws.length >= 3) return 0.6;
  if (/how are you|how's it going|what's up|how do you do|doing well|i'm good/.test(lower)) return 0.5;
  return 0;
}

/** True when the bot answers: u < p. */
export function shouldReply(c: ReplyContext, eventId: string): boolean {
  return replyDraw(eventId, c.bot_user_id) < replyProbability(c);
}
