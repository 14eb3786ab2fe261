import { straightApostrophes } from '../text/text.model.ts';

// Rule-based fact extraction (docs/memory.md "How facts are learned"): deterministic English patterns F1–F11 over
// the clauses of one participant message. Pure: no I/O, no clock.

/** One fact found in a message by the rules. */
export interface RuleFact {
  /** The rule that matched, `F1`…`F11`. */
  rule: string;
  /** The slot predicate, e.g. `lives_in`, `pref:dragon stories`. */
  predicate: string;
  /** The third-person sentence stored as the fact's content. */
  text: string;
  /** The second-person form the offline responder says back (`you live in Riverwood`). */
  second: string;
}

/** Most facts the rules take from one message. */
export const MAX_RULE_FACTS = 3;
/** Longest object `X` a rule accepts, in characters. */
export const MAX_OBJECT_CHARS = 80;
/** Longest normalised object in a slot predicate. */
export const MAX_NORM_CHARS = 40;

const NEGATIONS = new Set(['not', 'never', 'no', "don't", "isn't", "aren't", "wasn't", "won't", "can't", 'cannot']);
const PRONOUNS = new Set(['it', 'that', 'this', 'so', 'here', 'there']);
const NUMBER_WORDS = ['two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten'];
const LEADERS = /^(?:(?:well|so|actually|by the way|btw|oh)(?:\s*,\s*|\s+))+/i;
const CLAUSE_SPLIT = /(?:,\s+|\s+and\s+|\s+or\s+|\s+but\s+)(?=(?:i'm|i've|i'll|i|my)(?![\p{L}\p{N}']))/iu;

interface Pattern {
  rule: string;
  re: RegExp;
  predicate: (x: string, y: string) => string;
  text: (s: string, x: string, y: string, verb: string) => string;
  second: (x: string, y: string, verb: string) => string;
  /** Extra condition on the object. */
  accepts?: (x: string) => boolean;
}

/** Lower-cased, articles removed, whitespace collapsed, cut to 40 characters. */
export function normObject(x: string): string {
  return x.toLowerCase().replace(/\b(?:a|an|the)\b/g, ' ').replace(/\s+/g, ' ').trim().slice(0, MAX_NORM_CHARS).trim();
}

const startsCounted = (x: string) => /^(?:a|an)\s/i.test(x) || /^\d/.test(x) || NUMBER_WORDS.some((w) => new RegExp(`^${w}\\b`, 'i').test(x));

// Patterns F1–F11, tried in order; `X` is the rest of the clause (group `x`), `Y` the favourite's kind.
const PATTERNS: Pattern[] = [
  { rule: 'F1', re: /^(?:my name is|call me)\s+(?<x>.+)$/i, predicate: () => 'name', text: (s, x) => `${s}'s name is ${x}.`, second: (x) => `your name is ${x}` },
  { rule: 'F2', re: /^(?:i am from|i'm from|i come from)\s+(?<x>.+)$/i, predicate: () => 'from', text: (s, x) => `${s} is from ${x}.`, second: (x) => `you are from ${x}` },
  { rule: 'F3', re: /^i live (?:in|at|on)\s+(?<x>.+)$/i, predicate: () => 'lives_in', text: (s, x) => `${s} lives in ${x}.`, second: (x) => `you live in ${x}` },
  {
    rule: 'F4', re: /^i work (?<verb>as|at|for)\s+(?<x>.+)$/i, predicate: () => 'works',
    text: (s, x, _y, verb) => `${s} works ${verb.toLowerCase()} ${x}.`, second: (x, _y, verb) => `you work ${verb.toLowerCase()} ${x}`,
  },
  {
    rule: 'F5', re: /^my favou?rite (?<y>[\p{L}\p{N}'-]+(?:\s+[\p{L}\p{N}'-]+)?) is\s+(?<x>.+)$/iu, predicate: (_x, y) => `favourite:${y.toLowerCase()}`,
    text: (s, x, y) => `${s}'s favourite ${y} is ${x}.`, second: (x, y) => `your favourite ${y} is ${x}`,
  },
  { rule: 'F6', re: /^i (?:really )?(?:like|love|enjoy|adore)\s+(?<x>.+)$/i, predicate: (x) => `pref:${normObject(x)}`, text: (s, x) => `${s} likes ${x}.`, second: (x) => `you like ${x}` },
  { rule: 'F7', re: /^i (?:hate|dislike|can't stand|cannot stand)\s+(?<x>.+)$/i, predicate: (x) => `pref:${normObject(x)}`, text: (s, x) => `${s} dislikes ${x}.`, second: (x) => `you dislike ${x}` },
  { rule: 'F8', re: /^(?:i am|i'm)\s+(?<x>\d+)\s+years old$/i, predicate: () => 'age', text: (s, x) => `${s} is ${x} years old.`, second: (x) => `you are ${x} years old` },
  { rule: 'F9', re: /^(?:i have|i've got)\s+(?<x>.+)$/i, predicate: (x) => `has:${normObject(x)}`, text: (s, x) => `${s} has ${x}.`, second: (x) => `you have ${x}`, accepts: startsCounted },
  { rule: 'F10', re: /^(?:i am|i'm)\s+(?<x>an?\s.+)$/i, predicate: (x) => `is:${normObject(x)}`, text: (s, x) => `${s} is ${x}.`, second: (x) => `you are ${x}` },
  { rule: 'F11', re: /^(?:i will|i'll|i am going to|i'm going to)\s+(?<x>.+)$/i, predicate: (x) => `plan:${normObject(x)}`, text: (s, x) => `${s} plans to ${x}.`, second: (x) => `you plan to ${x}` },
];

/** Sentences of a message with whether each ended with `?` (split at . ! ? ; and newlines). */
export function sentencesOf(message: string): { text: string; question: boolean }[] {
  const out: { text: string; question: boolean }[] = [];
  for (const m of straightApostrophes(message).matchAll(/([^.!?;\n]*)([.!?;\n]+|$)/g)) {
    const text = (m[1] ?? '').trim();
    if (text) out.push({ text, question: (m[2] ?? '').includes('?') });
    if (m[0] === '') break;
  }
  return out;
}

/** Clauses of one sentence: split at `, `, ` and `, ` or `, ` but ` when the next word is i, i'm, i've, i'll or my. */
export function clausesOf(sentence: string): string[] {
  return sentence.split(CLAUSE_SPLIT).map((c) => c.trim()).filter(Boolean);
}

/** Replaces the whole words my/me/myself in `x` (the rules' first person → the speaker's name or `your`). */
function substitute(x: string, my: string, me: string, myself: string): string {
  return x.replace(/\b(myself|my|me)\b/gi, (w) => (w.toLowerCase() === 'my' ? my : w.toLowerCase() === 'me' ? me : myself));
}

/** True when a negation word comes before the object (the verb) or opens it. */
function negated(clause: string, objectStart: number, objectFirstWord: string): boolean {
  const head = clause.slice(0, objectStart).toLowerCase().replace(/\b(?:can't|cannot) stand\s*$/, '');
  const headWords = head.match(/[\p{L}']+/gu) ?? [];
  return headWords.some((w) => NEGATIONS.has(w)) || NEGATIONS.has(objectFirstWord.toLowerCase());
}

/** The fact of one clause (first matching pattern wins), or null. */
export function factOfClause(rawClause: string, speaker: string): RuleFact | null {
  const clause = rawClause.replace(LEADERS, '').trim();
  for (const p of PATTERNS) {
    const m = p.re.exec(clause);
    if (!m?.groups) continue;
    const raw = (m.groups.x ?? '').replace(/[\s.,!?;:'")\]]+$/u, '').trim();
    const objectStart = clause.length - (m.groups.x ?? '').length;
    if (negated(clause, objectStart, raw.split(/\s+/)[0] ?? '')) return null;
    if (raw.length < 1 || raw.length > MAX_OBJECT_CHARS || PRONOUNS.has(raw.toLowerCase())) return null;
    if (p.accepts && !p.accepts(raw)) continue;
    if (p.rule === 'F1' && raw.toLowerCase() === speaker.toLowerCase()) return null;
    const y = m.groups.y ?? '';
    const verb = m.groups.verb ?? '';
    const third = substitute(raw, `${speaker}'s`, speaker, speaker);
    const second = substitute(raw, 'your', 'you', 'yourself');
    return { rule: p.rule, predicate: p.predicate(third, y), text: p.text(speaker, third, y, verb), second: p.second(second, y, verb) };
  }
  return null;
}

/** Facts of one participant message by rules F1–F11: at most 3, in text order; questions and negations make none. */
export function extractRuleFacts(message: string, speaker: string): RuleFact[] {
  const facts: RuleFact[] = [];
  for (const s of sentencesOf(message)) {
    if (s.question) continue;
    for (const clause of clausesOf(s.text)) {
      const f = factOfClause(clause, speaker);
      if (f) facts.push(f);
      if (facts.length >= MAX_RULE_FACTS) return facts;
    }
  }
  return facts;
}

/** Text normalised for "same fact" comparison: lower-case, punctuation and articles removed, spaces collapsed. */
export function normFactText(text: string): string {
  return text.toLowerCase().replace(/[^\p{L}\p{N}\s]/gu, ' ').replace(/\b(?:a|an|the)\b/g, ' ').replace(/\s+/g, ' ').trim();
}

/**
 * The second-person form of a fact for the speaker `speaker`: the stored rule form when there is one,
 * else its text without the final period, `{S}'s` → `your` and `{S}` → `you` (whole words).
 */
export function secondPerson(fact: { content: string; metadata: Record<string, unknown> }, speaker: string): string {
  const stored = fact.metadata.second_person;
  if (typeof stored === 'string' && stored) return stored;
  const text = fact.content.trim().replace(/\.$/, '');
  if (!speaker) return text;
  const name = speaker.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return text.replace(new RegExp(`(?<![\\p{L}\\p{N}])${name}'s(?![\\p{L}\\p{N}])`, 'giu'), 'your')
    .replace(new RegExp(`(?<![\\p{L}\\p{N}])${name}(?![\\p{L}\\p{N}])`, 'giu'), 'you');
}
