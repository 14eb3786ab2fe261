import { substituteMacros } from './macros.model.ts';
import { GREETING_WORDS, codePointSum, hasWholeWord, straightApostrophes } from '../text/text.model.ts';

// The deterministic offline responder (docs/memory.md "The offline voice"): first matching rule of O1–O11 wins.

/** A fact as the offline responder says it back: its text and its second-person form. */
export interface OfflineFact {
  text: string;
  second: string;
}

/** A recalled memory the responder may quote (already eligible for the speaker), best first. */
export interface OfflineRecalled {
  memory_type: string;
  content: string;
  /** Raw relevance (the larger of −bm25 and cosine; 0 = no match), never the normalised component. */
  raw_relevance: number;
  /** The fact is about the speaker (then O9 answers "You told me …" with `second`). */
  about_speaker: boolean;
  second: string;
}

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
  /** facts(S): eligible active facts about the speaker, best first. */
  facts: OfflineFact[];
  /** Facts this message added (inserted or superseding another), in text order. */
  new_facts: OfflineFact[];
  /** Recalled memories, best first. */
  memories: OfflineRecalled[];
}

/** O11's lines, picked by `fallbackIndex`. */
export const OFFLINE_FALLBACK_LINES: readonly string[] = [
  "I'm not sure what to say to that.", 'Give me a moment to think it over.', "That's worth thinking about.", 'Thank you for telling me.',
];
/** Preference a topic needs for O8. */
export const FAVOURITE_TOPIC_PREFERENCE = 70;
/** Phrases of O4: the message asks what the persona knows about the speaker. */
export const ABOUT_ME_PHRASES: readonly string[] = ['remember me', 'who am i', 'what do you know about me', "what's my name", 'what is my name', 'do you know me'];

/** True when the message is a greeting (O3, O6): first word hello/hi/hey/greetings or "good morning/afternoon/evening". */
export function isGreeting(message: string): boolean {
  const lower = message.trim().toLowerCase();
  const first = lower.split(/\s+/)[0]?.replace(/[^\p{L}]/gu, '') ?? '';
  return GREETING_WORDS.has(first) || /^good (morning|afternoon|evening)\b/.test(lower);
}

/** First sentence of a text: up to and including the first . ! or ? followed by a space or the end. */
export function firstSentence(text: string): string {
  const m = text.match(/^[\s\S]*?[.!?](\s|$)/);
  return (m ? m[0] : text).trim();
}

/** The O11 index: (Σ code points of message + n) mod 4. */
export function fallbackIndex(message: string, n: number): number {
  return (codePointSum(message) + n) % OFFLINE_FALLBACK_LINES.length;
}

/** O8's topic: preference ≥ 70 and the name (`_` read as a space) a whole word of the message; highest preference, then name. */
export function favouriteTopicIn(message: string, topics: Record<string, number>): string | null {
  const lower = message.toLowerCase();
  const hits = Object.entries(topics)
    .filter(([t, p]) => p >= FAVOURITE_TOPIC_PREFERENCE && hasWholeWord(lower, t.toLowerCase().replace(/_/g, ' ')))
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  return hits[0]?.[0] ?? null;
}

/** `a1` · `a1 and a2` · `a1, a2 and a3`. */
export function joinList(items: readonly string[]): string {
  if (items.length <= 1) return items[0] ?? '';
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1] as string}`;
}

const upperFirst = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1);

/** The offline reply (first matching rule of O1–O11) and the number of the rule that produced it. */
export function offlineReply(input: OfflineInput): { text: string; rule: number } {
  const { persona, state, user, message, n } = input;
  const lower = straightApostrophes(message.toLowerCase());
  if (state.current_priority === 'urgent') return { text: 'Forgive me, something urgent needs my attention right now.', rule: 1 };
  if (state.social_energy < 30) return { text: "I'm worn out from talking — can we continue a little later?", rule: 2 };
  const greeting = isGreeting(message);
  if (greeting && n === 0) {
    const charName = persona.nickname || persona.name;
    const text = persona.first_mes ? substituteMacros(persona.first_mes, charName, user) : `Hello ${user}, I'm ${persona.name}.`;
    return { text, rule: 3 };
  }
  if (ABOUT_ME_PHRASES.some((p) => lower.includes(p))) {
    if (input.facts.length) return { text: `Of course, ${user}: ${joinList(input.facts.slice(0, 3).map((f) => f.second))}.`, rule: 4 };
    return { text: `I don't think I know much about you yet, ${user}. Tell me about yourself!`, rule: 4 };
  }
  const fresh = input.new_facts[0];
  if (fresh) return { text: `${upperFirst(fresh.second)} — I'll remember that, ${user}.`, rule: 5 };
  if (greeting) return { text: `Hello again, ${user}.`, rule: 6 };
  if (lower.includes('who are you') || lower.includes('what are you')) {
    return { text: `I'm ${persona.name}. ${firstSentence(persona.description)}`.trim(), rule: 7 };
  }
  const topic = favouriteTopicIn(message, persona.topic_preferences);
  if (topic) return { text: `Ah, ${topic.replace(/_/g, ' ')} — one of my favourite subjects, ${user}.`, rule: 8 };
  const known = input.memories.find((m) => (m.memory_type === 'fact' || m.memory_type === 'lore') && m.raw_relevance > 0);
  if (known) {
    return known.about_speaker
      ? { text: `You told me ${known.second}.`, rule: 9 }
      : { text: `I recall that ${known.content.trim().replace(/\.$/, '')}.`, rule: 9 };
  }
  if (message.includes('?')) return { text: `Good question, ${user}. Let me think about that.`, rule: 10 };
  return { text: OFFLINE_FALLBACK_LINES[fallbackIndex(message, n)] as string, rule: 11 };
}
