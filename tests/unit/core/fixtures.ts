// The seed personas, defined here so the rule tests do not depend on resources/.

/** The persona fields the intelligence rules read, plus the seed interaction values. */
export interface PersonaFixture {
  name: string;
  nickname: string | null;
  description: string;
  personality: string;
  scenario: string;
  first_mes: string;
  mes_example: string;
  system_prompt: string;
  post_history_instructions: string;
  speaking_style: string;
  character_book: Record<string, unknown> | null;
  personality_traits: Record<string, number>;
  topic_preferences: Record<string, number>;
  charisma: number;
  intelligence: number;
  social_rank: string;
  current_priority: string;
  social_energy: number;
  available_time: number;
  available_time_max: number;
  interest_level: number;
  emotional_baseline: { mood: number; energy_level: number; stress_level: number; curiosity: number };
  tags: string[];
}

const card = {
  nickname: null, scenario: '', mes_example: '', system_prompt: '', post_history_instructions: '', speaking_style: '', character_book: null,
};

/** Aria. */
export const ARIA: PersonaFixture = {
  ...card,
  name: 'Aria',
  description: 'An elven bard who wanders from town to town collecting songs, stories and gossip.',
  personality: 'Warm, outgoing and curious; loves an audience.',
  first_mes: "Well met, {{user}}! I'm Aria. Pull up a chair — have you heard the newest song from the coast?",
  personality_traits: { extroverted: 90, creative: 85, empathetic: 80, curious: 75, optimistic: 85 },
  topic_preferences: { music: 95, stories: 90, travel: 85, gossip: 80, magic: 70, adventure: 85, art: 80, local_news: 75 },
  charisma: 18, intelligence: 14, social_rank: 'performer',
  current_priority: 'social', social_energy: 150, available_time: 600, available_time_max: 600, interest_level: 50,
  emotional_baseline: { mood: 0.55, energy_level: 0.8, stress_level: 0.2, curiosity: 0.7 },
  tags: ['bard', 'elf', 'seed'],
};

/** Kira. */
export const KIRA: PersonaFixture = {
  ...card,
  name: 'Kira',
  description: 'A human scholar who studies old magic and keeps careful notes on everything she finds.',
  personality: 'Reserved, analytical and focused; opens up to people who share her interests.',
  first_mes: "Oh — hello, {{user}}. I'm Kira. If this is about the old runes, I can spare a few minutes.",
  personality_traits: { introverted: 70, analytical: 95, focused: 90, methodical: 85, reserved: 75 },
  topic_preferences: { research: 95, magic: 90, history: 85, philosophy: 80, books: 85, discovery: 90, gossip: 20, small_talk: 25 },
  charisma: 12, intelligence: 18, social_rank: 'scholar',
  current_priority: 'academic', social_energy: 80, available_time: 300, available_time_max: 300, interest_level: 50,
  emotional_baseline: { mood: 0.3, energy_level: 0.6, stress_level: 0.35, curiosity: 0.8 },
  tags: ['scholar', 'human', 'seed'],
};

/** The default emotional baseline (mood .5, energy .7, stress .3, curiosity .6). */
export const DEFAULT_BASELINE = { mood: 0.5, energy_level: 0.7, stress_level: 0.3, curiosity: 0.6 };

/** A fixed test clock. */
export const NOW = new Date('2026-11-25T12:00:00.000Z');

/** `NOW` shifted by `seconds`. */
export const at = (seconds: number): Date => new Date(NOW.getTime() + seconds * 1000);
