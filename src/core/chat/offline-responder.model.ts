import { substituteMacros } from './macros.model.ts';
import { codePointSum, hasWholeWord } from '../text/text.model.ts';

// The deterministic offline responder (intelligence.md §7.6): first matching rule wins.

/** What the offline responder reads. */
export interface OfflineInput {
  persona: {
    name: string;
    nickname: string | null;
    description: string;
    first_mes: string;
    topic_preferences: Record<string, number>;
  };
  state: { current_priority: string; social_energy: number };
  user: string;
  message: string;
  /** Persona messages so far in the session. */
  n: number;
  /** Recalled memories, best first, with their raw relevance (bm25/cosine; 0 = shares nothing with the message). */
  memories: { content: string; relevance: number }[];
}

/** Rule 9's lines, picked by `fallbackIndex`. */
export const OFFLINE_FALLBACK_LINES: readonly string[] = [
  "I'm not sure what to say to that.", 'Give me a moment to think it over.', "That's worth thinking about.", 'Thank you for telling me.',
];
/** Preference a topic needs for rule 6. */
export const FAVOURITE_TOPIC_PREFERENCE = 70;
/** Characters of a memory quoted by rule 7. */
export const MEMORY_QUOTE_CHARS = 140;

/** True when the message is a greeting (rule 3): first word hello/hi/hey/greetings or "good morning/afternoon/evening". */
export function isGreeting(message: string): boolean {
  const lower = message.trim().toLowerCase();
  const first = lower.split(/\s+/)[0]?.replace(/[^\p{L}]/gu, '') ?? '';
  return ['hello', 'hi', 'hey', 'greetings'].includes(first) || /^good (morning|afternoon|evening)\b/.test(lower);
}

/** First sentence of a text: up to and including the first . ! or ? followed by a space or the end. */
export function firstSentence(text: string): string {
  const m = text.match(/^[\s\S]*?[.!?](\s|$)/);
  return (m ? m[0] : text).trim();
}

/** The rule-9 index: (Σ code points of message + n) mod 4. */
export function fallbackIndex(message: string, n: number): number {
  return (codePointSum(message) + n) % OFFLINE_FALLBACK_LINES.length;
}

/** Rule 6's topic: preference ≥ 70 and the name (`_` read as a space) a whole word of the message; highest preference, then name. */
export function favouriteTopicIn(message: string, topics: Record<string, number>): string | null {
  const lower = message.toLowerCase();
  const hits = Object.entries(topics)
    .filter(([t, p]) => p >= FAVOURITE_TOPIC_PREFERENCE && hasWholeWord(lower, t.toLowerCase().replace(/_/g, ' ')))
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  return hits[0]?.[0] ?? null;
}

/** The offline reply (§7.6, first matching rule of 1–9) and the number of the rule that produced it. */
export function offlineReply(input: OfflineInput): { text: string; rule: number } {
  const { persona, state, user, message, n } = input;
  const lower = message.toLowerCase();
  if (state.current_priority === 'urgent') return { text: 'Forgive me, something urgent needs my attention right now.', rule: 1 };
  if (state.social_energy < 30) return { text: "I'm worn out from talking — can we continue a little later?", rule: 2 };
  const greeting = isGreeting(message);
  if (greeting && n === 0) {
    const charName = persona.nickname || persona.name;
    const text = persona.first_mes ? substituteMacros(persona.first_mes, charName, user) : `Hello ${user}, I'm ${persona.name}.`;
    return { text, rule: 3 };
  }
  if (greeting) return { text: `Hello again, ${user}.`, rule: 4 };
  if (lower.includes('who are you') || lower.includes('what are you')) {
    return { text: `I'm ${persona.name}. ${firstSentence(persona.description)}`.trim(), rule: 5 };
  }
  const topic = favouriteTopicIn(message, persona.topic_preferences);
  if (topic) return { text: `Ah, ${topic.replace(/_/g, ' ')} — one of my favourite subjects, ${user}.`, rule: 6 };
  const memory = input.memories.find((m) => m.relevance > 0);
  if (memory) return { text: `That reminds me: ${[...memory.content].slice(0, MEMORY_QUOTE_CHARS).join('')}`, rule: 7 };
  if (message.includes('?')) return { text: `Good question, ${user}. Let me think about that.`, rule: 8 };
  return { text: OFFLINE_FALLBACK_LINES[fallbackIndex(message, n)] as string, rule: 9 };
}
