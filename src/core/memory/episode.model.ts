import { SMALL_TALK_PHRASES } from '../bots/reply-policy.model.ts';
import { isGreeting } from '../chat/offline-responder.model.ts';
import { GREETING_WORDS, straightApostrophes, words } from '../text/text.model.ts';

// Chat episodes (docs/memory.md "What a persona remembers"): what a participant said, never the reply, and nothing
// for small talk.

/** The episode text of one chat message: `"{display_name} said: {message}"`. */
export function episodeContent(displayName: string, message: string): string {
  return `${displayName} said: ${message}`;
}

/**
 * True for small talk, which is not stored as an episode: ≤ 2 words; ≤ 4 words and a greeting
 * (the offline greeting test); or, once greeting words and the persona's name are left out, exactly
 * one of the bot policy's small-talk phrases (`how are you`, `what's up`, …).
 */
export function isSmallTalk(message: string, personaName = ''): boolean {
  const ws = words(message.trim());
  if (ws.length <= 2) return true;
  if (ws.length <= 4 && isGreeting(message)) return true;
  const name = personaName.toLowerCase();
  const rest = straightApostrophes(message.toLowerCase()).replace(/[^\p{L}\p{N}'\s]/gu, ' ').split(/\s+/)
    .filter((w) => w && !GREETING_WORDS.has(w) && w !== name);
  return SMALL_TALK_PHRASES.includes(rest.join(' '));
}
