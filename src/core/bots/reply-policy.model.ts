import { GREETING_WORDS, fnv1a32, straightApostrophes, words } from '../text/text.model.ts';

// Matrix bot reply policy: a probability from the first matching rule and a
// deterministic draw per (event, bot), so two bots in one room decide independently but reproducibly.

/** The deterministic draw u = fnv1a32(event_id + ":" + bot_user_id) / 2^32, in [0, 1). */
export function replyDraw(eventId: string, botUserId: string): number {
  return fnv1a32(`${eventId}:${botUserId}`) / 2 ** 32;
}

/** What the policy reads of one incoming message (the bot process fills the flags). */
export interface ReplyContext {
  mode: 'smart' | 'mention' | 'always';
  body: string;
  sender: string;
  bot_user_id: string;
  persona_name: string;
  /** Mentioned via m.mentions, a pill or @localpart (see `mentionsBot`). */
  mentioned: boolean;
  /** The sender is in `ignore_users`. */
  ignored: boolean;
  /** The event predates the bot's start. */
  before_start: boolean;
  /** The sender is in `known_bots`. */
  sender_is_known_bot: boolean;
  /** The room already had `max_bot_chain` consecutive bot replies (see `botChainExceeded`). */
  bot_chain_exceeded: boolean;
  /** Direct room (2 members). */
  direct_room: boolean;
  /**
   * The message addresses another persona (its bot's name at the start, its mention, or its bot's
   * user id): the probability rules then give 0; only this persona's own addressing still answers.
   */
  addressed_to_other?: boolean;
}

/** Where a Matrix event can mention the bot: body, HTML body, `m.mentions.user_ids`. */
export interface MentionSource {
  body: string;
  formatted_body?: string | null;
  mention_user_ids?: readonly string[] | null;
}

const escapeRegExp = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Rule 2's test: the bot is in `m.mentions.user_ids`, has a mention pill (matrix.to link) or `@localpart` in the body. */
export function mentionsBot(ev: MentionSource, botUserId: string): boolean {
  if (ev.mention_user_ids?.includes(botUserId)) return true;
  const html = ev.formatted_body ?? '';
  if (html.includes(`matrix.to/#/${botUserId}`) || html.includes(`matrix.to/#/${encodeURIComponent(botUserId)}`)) return true;
  const colon = botUserId.indexOf(':');
  const localpart = botUserId.slice(1, colon > 0 ? colon : undefined);
  if (!localpart) return false;
  return new RegExp(`(^|[^\\w@])@${escapeRegExp(localpart)}(?![\\w-])`, 'i').test(ev.body);
}

/** Loop guard: true once the room has had `maxBotChain` consecutive bot→bot replies. */
export function botChainExceeded(consecutiveBotReplies: number, maxBotChain: number): boolean {
  return consecutiveBotReplies >= maxBotChain;
}

const ROOM_GREETING = /\b(?:(?:hello|hi|hey) everyone|(?:hi|hello) all|good (?:morning|afternoon|evening))\b/;
/** Rule 10's small-talk phrases (also what chat leaves out of episodes, docs/memory.md "What a persona remembers"). */
export const SMALL_TALK_PHRASES: readonly string[] = ['how are you', "how's it going", "what's up", 'how do you do', 'doing well', "i'm good"];

/** Rules 2–4: the message addresses the persona (mention, starts with its name, or short and names it). */
function addressed(c: ReplyContext, lower: string, wordCount: number): boolean {
  const name = c.persona_name.toLowerCase();
  if (c.mentioned) return true;
  if (name && lower.startsWith(name) && !/\p{L}/u.test(lower.charAt(name.length))) return true;
  return Boolean(name) && lower.includes(name) && wordCount <= 4;
}

/**
 * Reply probability p of the first matching reply rule (0 = never). `mention` mode stops after
 * rule 5; `always` answers every non-bot message and bots only when they mention this bot. A
 * message addressed to another persona gets 0 from the probability rules (group manners).
 * A known bot is never answered once the room's bot chain is exhausted.
 */
export function replyProbability(c: ReplyContext): number {
  const lower = straightApostrophes(c.body.toLowerCase()).trim();
  const ws = words(lower);
  if (c.sender === c.bot_user_id || c.ignored || c.before_start) return 0;
  if (c.sender_is_known_bot && c.bot_chain_exceeded) return 0;
  if (c.mode === 'always') return c.sender_is_known_bot && !c.mentioned ? 0 : 1;
  if (addressed(c, lower, ws.length)) return 1;
  if (c.sender_is_known_bot || c.addressed_to_other) return 0;
  if (c.mode === 'mention') return 0;
  if (c.direct_room) return 1;
  if (ROOM_GREETING.test(lower)) return 0.8;
  if (ws.length <= 2 && ws.some((w) => GREETING_WORDS.has(w.replace(/[^\p{L}]/gu, '')))) return 0.7;
  if (lower.includes('?') && ws.length >= 3) return 0.6;
  if (SMALL_TALK_PHRASES.some((s) => lower.includes(s))) return 0.5;
  return 0;
}

/** True when the bot answers: u < p with the event's deterministic draw. */
export function shouldReply(c: ReplyContext, eventId: string): boolean {
  return replyDraw(eventId, c.bot_user_id) < replyProbability(c);
}
