import { triggeredLore } from './lore.model.ts';
import { substituteMacros } from './macros.model.ts';
import { codePointLength } from '../text/text.model.ts';

// Prompt assembly: sections 1–5 form the system message, then the window,
// the new message and a trailing system message. Over budget, parts are dropped in a fixed order.

/** The persona card fields the prompt reads. */
export interface PromptPersona {
  name: string;
  nickname: string | null;
  description: string;
  personality: string;
  scenario: string;
  mes_example: string;
  system_prompt: string;
  post_history_instructions: string;
  personality_traits: Record<string, number>;
  topic_preferences: Record<string, number>;
  speaking_style: string;
  character_book: Record<string, unknown> | null;
}

/** The persona's relationship with the speaker, as section 3 shows it. */
export interface PromptRelationship {
  relationship_type: string;
  affinity: number;
  trust: number;
  respect: number;
  familiarity: number;
  interaction_count: number;
  last_interaction: string;
}

/** One window message; `persona` = written by the persona the prompt is for. */
export interface PromptWindowMessage {
  role: 'participant' | 'persona' | 'system';
  speaker_name: string;
  content: string;
}

/** Everything one prompt is built from. */
export interface PromptInput {
  persona: PromptPersona;
  emotion: { emotion: string; mood: number; stress_level: number; energy_level: number; curiosity: number };
  state: { social_energy: number; interaction_fatigue: number; current_priority: string; interest_level: number };
  speaker: { display_name: string; platform: string };
  relationship: PromptRelationship | null;
  /** Facts about the speaker for section 3 (docs/memory.md "How facts are learned", Profile), best first; never dropped for the budget. */
  profile?: string[];
  witnesses: string[];
  context?: string;
  memories: { content: string; created_at: string; score: number }[];
  summary: string | null;
  window: PromptWindowMessage[];
  message: string;
  /** Lines of `# Response guidelines` (conversation turns). */
  guidelines?: string[];
  token_budget: number;
  context_tokens: number;
  now: Date;
}

/** One provider chat message. */
export interface PromptMessage {
  role: 'system' | 'user' | 'assistant';
  content: string;
}

/** What was dropped to fit the budget. */
export interface PromptDropped {
  lore: number;
  memories: number;
  window: number;
  summary_truncated: boolean;
  example_dropped: boolean;
}

/** The assembled prompt and what had to be dropped to fit. */
export interface AssembledPrompt {
  messages: PromptMessage[];
  prompt_tokens_estimate: number;
  dropped: PromptDropped;
  /** Memories that made it into the prompt (their indexes in the input, best first). */
  memories_used: number[];
}

/** Tokens kept free beside the reply budget: the prompt may use context_tokens − token_budget − 64. */
export const PROMPT_RESERVE_TOKENS = 64;
/** Window messages never dropped for the budget. */
export const MIN_WINDOW_MESSAGES = 4;
/** Messages scanned for lore keys besides the new one, when the book sets no `scan_depth`. */
export const DEFAULT_LORE_SCAN_DEPTH = 2;
/** The system prompt used when the card has none; `{{original}}` in a card's prompt stands for it. */
export const DEFAULT_SYSTEM_PROMPT = 'You are {{char}}. Stay in character and reply only as {{char}}, in plain conversational text.';

/** Estimated tokens of a text: ceil(chars / 4), chars counted as Unicode code points. */
export const estimateTokens = (text: string): number => Math.ceil(codePointLength(text) / 4);

/** Lore scan text: the last `scan_depth` window messages (book setting, default 2) plus the new message. */
export function loreScanText(book: Record<string, unknown> | null, window: readonly { content: string }[], message: string): string {
  const raw = book?.scan_depth;
  const depth = typeof raw === 'number' && Number.isFinite(raw) && raw >= 0 ? Math.floor(raw) : DEFAULT_LORE_SCAN_DEPTH;
  return [...(depth > 0 ? window.slice(-depth) : []).map((m) => m.content), message].join('\n');
}

const byValueThenName = (a: [string, number], b: [string, number]): number => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0);

/** `"extroverted 90/100, creative 85/100, …"`: traits by value desc, then name. */
export function traitSummary(traits: Record<string, number>): string {
  return Object.entries(traits).sort(byValueThenName).map(([k, v]) => `${k} ${Math.round(v)}/100`).join(', ');
}

/** `just now` (< 1 min), `N minutes ago`, `N hours ago`, `N days ago` (floor); future times read as now. */
export function relativeTime(iso: string, now: Date): string {
  const s = Math.max(0, (now.getTime() - Date.parse(iso)) / 1000);
  if (s < 60) return 'just now';
  if (s < 3600) return `${Math.floor(s / 60)} minutes ago`;
  if (s < 86_400) return `${Math.floor(s / 3600)} hours ago`;
  return `${Math.floor(s / 86_400)} days ago`;
}

const signed = (x: number): string => `${x >= 0 ? '+' : '-'}${Math.abs(x).toFixed(2)}`;

/** Section 1 without example dialogue and lore: system prompt and `# Character`; macros substituted by `sub`. */
export function characterSection(p: PromptPersona, sub: (text: string) => string): string {
  const sys = p.system_prompt ? p.system_prompt.replace(/\{\{original\}\}/gi, DEFAULT_SYSTEM_PROMPT) : DEFAULT_SYSTEM_PROMPT;
  const lines = [sub(sys), '# Character', `Name: ${p.name}${p.nickname ? ` (also called ${p.nickname})` : ''}`];
  if (p.description) lines.push(sub(p.description));
  const personality = p.personality || traitSummary(p.personality_traits);
  if (personality) lines.push(`Personality: ${sub(personality)}`);
  if (Object.keys(p.personality_traits).length) lines.push(`Traits: ${traitSummary(p.personality_traits)}`);
  const topics = Object.entries(p.topic_preferences).sort(byValueThenName).slice(0, 8);
  if (topics.length) lines.push(`Interests: ${topics.map(([t, v]) => `${t} ${Math.round(v)}`).join(', ')}`);
  if (p.speaking_style) lines.push(`Speaking style: ${sub(p.speaking_style)}`);
  if (p.scenario) lines.push(`Scenario: ${sub(p.scenario)}`);
  return lines.join('\n');
}

/** Section 2: `# How you feel right now` with the emotion and interaction lines. */
export function feelingSection(e: PromptInput['emotion'], s: PromptInput['state']): string {
  return ['# How you feel right now',
    `${e.emotion} (mood ${signed(e.mood)}, stress ${e.stress_level.toFixed(2)}, energy ${e.energy_level.toFixed(2)}, curiosity ${e.curiosity.toFixed(2)})`,
    `Social energy ${Math.round(s.social_energy)}/200, fatigue ${Number(s.interaction_fatigue.toFixed(2))}, priority ${s.current_priority}, interest in conversation ${s.interest_level}/100`,
  ].join('\n');
}

/** Section 3: `# Who you are talking to`, the profile (`What you know about …:`), then `Also present:` and `Situation:` when given. */
export function speakerSection(input: Pick<PromptInput, 'speaker' | 'relationship' | 'profile' | 'witnesses' | 'context' | 'now'>): string {
  const r = input.relationship;
  const about = r
    ? `Relationship: ${r.relationship_type}; affinity ${signed(r.affinity)}, trust ${signed(r.trust)}, respect ${signed(r.respect)}, familiarity ${r.familiarity.toFixed(2)}; ${r.interaction_count} earlier exchanges, last ${relativeTime(r.last_interaction, input.now)}.`
    : 'You have not talked with them before.';
  const lines = ['# Who you are talking to', `${input.speaker.display_name} (via ${input.speaker.platform}). ${about}`];
  if (input.profile?.length) lines.push(`What you know about ${input.speaker.display_name}:`, ...input.profile.map((f) => `- ${f}`));
  if (input.witnesses.length) lines.push(`Also present: ${input.witnesses.join(', ')}`);
  if (input.context) lines.push(`Situation: ${input.context}`);
  return lines.join('\n');
}

/** Builds the provider messages of one persona reply, dropping lore, memories, window, summary, example to fit. */
export function assemblePrompt(input: PromptInput): AssembledPrompt {
  const p = input.persona;
  const char = p.nickname || p.name;
  const sub = (t: string) => substituteMacros(t, char, input.speaker.display_name);
  const core = characterSection(p, sub);
  const fixed = [feelingSection(input.emotion, input.state), speakerSection(input)];
  let lore = triggeredLore(p.character_book, loreScanText(p.character_book, input.window, input.message));
  // Best first; the sort is stable, so equal scores keep the caller's order.
  let memoryIdx = input.memories.map((_, i) => i).sort((a, b) => (input.memories[b]?.score ?? 0) - (input.memories[a]?.score ?? 0));
  let window = [...input.window];
  let summary = input.summary ?? '';
  let example = p.mes_example;
  const dropped: PromptDropped = { lore: 0, memories: 0, window: 0, summary_truncated: false, example_dropped: false };

  const build = (): PromptMessage[] => {
    const sections = [core];
    if (example) sections.push(`# Example dialogue\n${sub(example)}`);
    if (lore.length) sections.push(`# World info\n${lore.map(sub).join('\n')}`);
    sections.push(...fixed);
    const remembered = memoryIdx.map((i) => input.memories[i]).filter((m) => m !== undefined);
    if (remembered.length) sections.push(`# What you remember\n${remembered.map((m) => `- (${relativeTime(m.created_at, input.now)}) ${m.content}`).join('\n')}`);
    if (summary) sections.push(`# Earlier in this conversation\n${summary}`);
    const messages: PromptMessage[] = [{ role: 'system', content: sections.join('\n\n') }];
    for (const m of window) messages.push(m.role === 'persona' ? { role: 'assistant', content: m.content } : { role: 'user', content: `${m.speaker_name}: ${m.content}` });
    messages.push({ role: 'user', content: `${input.speaker.display_name}: ${input.message}` });
    const trailing = [p.post_history_instructions ? sub(p.post_history_instructions) : '', input.guidelines?.length ? `# Response guidelines\n${input.guidelines.join('\n')}` : ''].filter(Boolean);
    if (trailing.length) messages.push({ role: 'system', content: trailing.join('\n\n') });
    return messages;
  };
  const limit = input.context_tokens - input.token_budget - PROMPT_RESERVE_TOKENS;
  const cost = (ms: PromptMessage[]) => ms.reduce((n, m) => n + estimateTokens(m.content), 0);
  let messages = build();
  while (cost(messages) > limit) {
    if (lore.length) {
      lore = lore.slice(0, -1);
      dropped.lore += 1;
    } else if (memoryIdx.length) {
      memoryIdx = memoryIdx.slice(0, -1);
      dropped.memories += 1;
    } else if (window.length > MIN_WINDOW_MESSAGES) {
      window = window.slice(1);
      dropped.window += 1;
    } else if (summary) {
      // Cut just enough characters from the end (4 per token over), in code points.
      const chars = [...summary];
      summary = chars.slice(0, Math.max(0, chars.length - (cost(messages) - limit) * 4)).join('');
      dropped.summary_truncated = true;
    } else if (example) {
      example = '';
      dropped.example_dropped = true;
    } else break;
    messages = build();
  }
  return { messages, prompt_tokens_estimate: cost(messages), dropped, memories_used: memoryIdx };
}
