import { triggeredLore } from './lore.model.ts';
import { substituteMacros } from './macros.ts';

// Prompt assembly (intelligence.md §7.4): sections 1–5 form the system message, then the window,
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

/** Everything one prompt is built from. */
export interface PromptInput {
  persona: PromptPersona;
  emotion: { emotion: string; mood: number; stress_level: number; energy_level: number; curiosity: number };
  state: { social_energy: number; interaction_fatigue: number; current_priority: string; interest_level: number };
  speaker: { display_name: string; platform: string };
  relationship: { relationship_type: string; affinity: number; trust: number; respect: number; familiarity: number; interaction_count: number; last_interaction: string } | null;
  witnesses: string[];
  context?: string;
  memories: { content: string; created_at: string; score: number }[];
  summary: string | null;
  window: { role: 'participant' | 'persona' | 'system'; speaker_name: string; content: string }[];
  message: string;
  guidelines?: string[];
  token_budget: number;
  context_tokens: number;
  now: Date;
}

/** The assembled prompt and what had to be dropped to fit. */
export interface AssembledPrompt {
  messages: { role: 'system' | 'user' | 'assistant'; content: string }[];
  prompt_tokens_estimate: number;
  dropped: { lore: number; memories: number; window: number; summary_truncated: boolean; example_dropped: boolean };
  /** Memories that made it into the prompt (their indexes in the input, best first). */
  memories_used: number[];
}

/** Estimated tokens of a text: ceil(chars / 4). */
export const estimateTokens = (text: string): number => Math.ceil(text.length / 4);

/** `"extroverted 90/100, creative 85/100, …"`: traits by value desc, then name. */
export function traitSummary(traits: Record<string, number>): string {
  return Object.entries(traits).sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).map(([k, v]) => `${k} ${Math.round(v)}/100`).join(', ');
}

/** `just now`, `N minutes ago`, `N hours ago`, `N days ago` (floor). */
export function relativeTime(iso: string, now: Date): string {
  const s = Math.max(0, (now.getTime() - Date.parse(iso)) / 1000);
  if (s < 60) return 'just now';
  if (s < 3600) return `${Math.floor(s / 60)} minutes ago`;
  if (s < 86_400) return `${Math.floor(s / 3600)} hours ago`;
  return `${Math.floor(s / 86_400)} days ago`;
}

const signed = (x: number) => `${x >= 0 ? '+' : '-'}${Math.abs(x).toFixed(2)}`;
const DEFAULT_SYSTEM = 'You are {{char}}. Stay in character and reply only as {{char}}, in plain conversational text.';

/** Builds the provider messages of one persona reply. */
export function assemblePrompt(input: PromptInput): AssembledPrompt {
  const p = input.persona;
  const char = p.nickname || p.name;
  const sub = (t: string) => substituteMacros(t, char, input.speaker.display_name);
  const scan = [...input.window.slice(-2).map((m) => m.content), input.message].join('\n');
  let lore = triggeredLore(p.character_book, scan);
  let memoryIdx = input.memories.map((_, i) => i);
  let window = [...input.window];
  let summary = input.summary;
  let example = p.mes_example;
  const dropped = { lore: 0, memories: 0, window: 0, summary_truncated: false, example_dropped: false };

  const core = (): string => {
    const sys = p.system_prompt ? p.system_prompt.replace(/\{\{original\}\}/gi, DEFAULT_SYSTEM) : DEFAULT_SYSTEM;
    const lines = [sub(sys), '# Character', `Name: ${p.name}${p.nickname ? ` (also called ${p.nickname})` : ''}`];
    if (p.description) lines.push(sub(p.description));
    const personality = p.personality || traitSummary(p.personality_traits);
    if (personality) lines.push(`Personality: ${sub(personality)}`);
    if (Object.keys(p.personality_traits).length) lines.push(`Traits: ${traitSummary(p.personality_traits)}`);
    const topics = Object.entries(p.topic_preferences).sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).slice(0, 8);
    if (topics.length) lines.push(`Interests: ${topics.map(([t, v]) => `${t} ${Math.round(v)}`).join(', ')}`);
    if (p.speaking_style) lines.push(`Speaking style: ${sub(p.speaking_style)}`);
    if (p.scenario) lines.push(`Scenario: ${sub(p.scenario)}`);
    return lines.join('\n');
  };
  const e = input.emotion;
  const s = input.state;
  const feeling = ['# How you feel right now',
    `${e.emotion} (mood ${signed(e.mood)}, stress ${e.stress_level.toFixed(2)}, energy ${e.energy_level.toFixed(2)}, curiosity ${e.curiosity.toFixed(2)})`,
    `Social energy ${Math.round(s.social_energy)}/200, fatigue ${Number(s.interaction_fatigue.toFixed(2))}, priority ${s.current_priority}, interest in conversation ${s.interest_level}/100`].join('\n');
  const r = input.relationship;
  const who = [`# Who you are talking to`, `${input.speaker.display_name} (via ${input.speaker.platform}). ${r
    ? `Relationship: ${r.relationship_type}; affinity ${signed(r.affinity)}, trust ${signed(r.trust)}, respect ${signed(r.respect)}, familiarity ${r.familiarity.toFixed(2)}; ${r.interaction_count} earlier exchanges, last ${relativeTime(r.last_interaction, input.now)}.`
    : 'You have not talked with them before.'}`];
  if (input.witnesses.length) who.push(`Also present: ${input.witnesses.join(', ')}`);
  if (input.context) who.push(`Situation: ${input.context}`);

  const build = () => {
    const sections = [core()];
    if (example) sections.push(`# Example dialogue\n${sub(example)}`);
    if (lore.length) sections.push(`# World info\n${lore.map(sub).join('\n')}`);
    sections.push(feeling, who.join('\n'));
    if (memoryIdx.length) sections.push(`# What you remember\n${memoryIdx.map((i) => `- (${relativeTime(input.memories[i]!.created_at, input.now)}) ${input.memories[i]!.content}`).join('\n')}`);
    if (summary) sections.push(`# Earlier in this conversation\n${summary}`);
    const messages: AssembledPrompt['messages'] = [{ role: 'system', content: sections.join('\n\n') }];
    for (const m of window) messages.push(m.role === 'persona' ? { role: 'assistant', content: m.content } : { role: 'user', content: `${m.speaker_name}: ${m.content}` });
    messages.push({ role: 'user', content: `${input.speaker.display_name}: ${input.message}` });
    const trailing = [p.post_history_instructions ? sub(p.post_history_instructions) : '', input.guidelines?.length ? `# Response guidelines\n${input.guidelines.join('\n')}` : ''].filter(Boolean);
    if (trailing.length) messages.push({ role: 'system', content: trailing.join('\n\n') });
    return messages;
  };
  const limit = input.context_tokens - input.token_budget - 64;
  const cost = (ms: AssembledPrompt['messages']) => ms.reduce((n, m) => n + estimateTokens(m.content), 0);
  let messages = build();
  while (cost(messages) > limit) {
    if (lore.length) { lore = lore.slice(0, -1); dropped.lore += 1; }
    else if (memoryIdx.length) {
      const worst = memoryIdx.reduce((a, b) => (input.memories[b]!.score < input.memories[a]!.score ? b : a));
      memoryIdx = memoryIdx.filter((i) => i !== worst);
      dropped.memories += 1;
    } else if (window.length > 4) { window = window.slice(1); dropped.window += 1; }
    else if (summary && summary.length > 0) {
      const excess = (cost(messages) - limit) * 4;
      summary = summary.slice(0, Math.max(0, summary.length - excess));
      dropped.summary_truncated = true;
    } else if (example) { example = ''; dropped.example_dropped = true; }
    else break;
    messages = build();
  }
  return { messages, prompt_tokens_estimate: cost(messages), dropped, memories_used: memoryIdx };
}
