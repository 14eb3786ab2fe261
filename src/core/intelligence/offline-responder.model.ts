import { substituteMacros } from './macros.ts';
import { codePointSum, hasWholeWord } from './text.ts';

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
  /** Recalled memories, best first, with their normalised relevance. */
  memories: { content: string; relevance: number }[];
}

const FALLBACK = ["I'm not sure what to say to that.", 'Give me a moment to think it over.', "That's worth thinking about.", 'Thank you for telling me.'];

/** True when the message is a greeting (rule 3): first word hello/hi/hey/greetings or "good morning/afternoon/evening". */
export function isGreeting(message: string): boolean {
  const lower = message.trim().toLowerCase();
  const first = lower.split(/\s+/)[0]?.replace(/[^\p{L}]/gu, '') ?? '';
  return ['hello', 'hi', 'hey', 'greetings'].includes(first) || /^good (morning|afternoon|evening)\b/.test(lower);
}

/** First sentence of a text (up to and including the first . ! or ?). */
function firstSentence(text: string): string {
  const m = text.match(/^[\s\S]*?[.!?](\s|$)/);
  return (m ? m[0] : text).trim();
}

/** The rule-9 index: (Σ code points of message + n) mod 4. */
export function fallbackIndex(message: string, n: number): number {
  return (codePointSum(message) + n) % 4;
}

/** The offline reply and the rule that produced it. */
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
  const topics = Object.entries(persona.topic_preferences)
    .filter(([t, p]) => p >= 70 && hasWholeWord(lower, t.toLowerCase().replace(/_/g, ' ')))
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
  if (topics.length) return { text: `Ah, ${(topics[0] as [string, number])[0].replace(/_/g, ' ')} — one of my favourite subjects, ${user}.`, rule: 6 };
  const memory = input.memories.find((m) => m.relevance > 0);
  if (memory) return { text: `That reminds me: ${[...memory.content].slice(0, 140).join('')}`, rule: 7 };
  if (message.includes('?')) return { text: `Good question, ${user}. Let me think about that.`, rule: 8 };
  return { text: FALLBACK[fallbackIndex(message, n)] as string, rule: 9 };
}
