import { describe, expect, it } from 'vitest';
import {
  assemblePrompt, estimateTokens, loreScanText, relativeTime, traitSummary, type PromptInput, type PromptPersona,
} from '../../../../src/core/chat/prompt.model.ts';
import { extractiveSummary, summaryDue } from '../../../../src/core/chat/summary.ts';
import { ARIA, KIRA, NOW, at } from '../fixtures.ts';

const card = (p: typeof ARIA, over: Partial<PromptPersona> = {}): PromptPersona => ({
  name: p.name, nickname: p.nickname, description: p.description, personality: p.personality, scenario: p.scenario, mes_example: p.mes_example,
  system_prompt: p.system_prompt, post_history_instructions: p.post_history_instructions, personality_traits: p.personality_traits,
  topic_preferences: p.topic_preferences, speaking_style: p.speaking_style, character_book: p.character_book, ...over,
});
const input = (persona: PromptPersona, over: Partial<PromptInput> = {}): PromptInput => ({
  persona,
  emotion: { emotion: 'content', mood: 0.55, stress_level: 0.2, energy_level: 0.8, curiosity: 0.7 },
  state: { social_energy: 150, interaction_fatigue: 0, current_priority: 'social', interest_level: 50 },
  speaker: { display_name: 'Bob', platform: 'matrix' },
  relationship: null, witnesses: [], memories: [], summary: null, window: [], message: 'Any dragons nearby?',
  token_budget: 500, context_tokens: 4096, now: NOW, ...over,
});
const book = (entries: Record<string, unknown>[], extra: Record<string, unknown> = {}) => ({ entries, ...extra });
const ariaFull = card(ARIA, {
  description: 'An elven bard, friend of {{user}}.', scenario: 'A tavern.', mes_example: '<START>\n{{char}}: Hi!', post_history_instructions: 'Stay short, {{user}}.',
  speaking_style: 'Lyrical.', character_book: book([{ keys: ['dragon'], content: 'Dragons nest in the north.', insertion_order: 1 }, { constant: true, content: 'The year is 1203.', insertion_order: 2 }]),
});
const sys = (p: ReturnType<typeof assemblePrompt>) => p.messages[0]?.content ?? '';

describe('prompt assembly: sections and content', () => {
  it('a minimal prompt, exactly: card, feeling, speaker; then the new message', () => {
    const p = assemblePrompt(input(card(KIRA), {
      emotion: { emotion: 'curious', mood: 0.3, stress_level: 0.35, energy_level: 0.6, curiosity: 0.8 },
      state: { social_energy: 80, interaction_fatigue: 0, current_priority: 'academic', interest_level: 50 }, message: 'What are you reading?',
    }));
    expect(p.messages).toEqual([
      {
        role: 'system', content: [
          'You are Kira. Stay in character and reply only as Kira, in plain conversational text.',
          '# Character',
          'Name: Kira',
          'A human scholar who studies old magic and keeps careful notes on everything she finds.',
          'Personality: Reserved, analytical and focused; opens up to people who share her interests.',
          'Traits: analytical 95/100, focused 90/100, methodical 85/100, reserved 75/100, introverted 70/100',
          'Interests: research 95, discovery 90, magic 90, books 85, history 85, philosophy 80, small_talk 25, gossip 20',
          '',
          '# How you feel right now',
          'curious (mood +0.30, stress 0.35, energy 0.60, curiosity 0.80)',
          'Social energy 80/200, fatigue 0, priority academic, interest in conversation 50/100',
          '',
          '# Who you are talking to',
          'Bob (via matrix). You have not talked with them before.',
        ].join('\n'),
      },
      { role: 'user', content: 'Bob: What are you reading?' },
    ]);
    expect(p.prompt_tokens_estimate).toBe(p.messages.reduce((n, m) => n + estimateTokens(m.content), 0));
    expect(p.dropped).toEqual({ lore: 0, memories: 0, window: 0, summary_truncated: false, example_dropped: false });
  });

  it('every section in order; window and message as chat turns; trailing system last', () => {
    const p = assemblePrompt(input(ariaFull, {
      relationship: { relationship_type: 'acquaintance', affinity: 0.12, trust: -0.05, respect: 0, familiarity: 0.06, interaction_count: 3, last_interaction: at(-3 * 3600).toISOString() },
      witnesses: ['Kira', 'Tom'], context: 'At the harvest fair.',
      memories: [{ content: 'Bob fears dragons.', created_at: at(-3 * 86_400).toISOString(), score: 2 }], summary: 'Bob arrived at dusk.',
      window: [{ role: 'participant', speaker_name: 'Bob', content: 'Hello' }, { role: 'persona', speaker_name: 'Aria', content: 'Well met!' }, { role: 'persona', speaker_name: 'Kira', content: 'Hi.' }],
      guidelines: ['- Keep your reply under 50 words.', '- Be brief and concise.'],
    }));
    const s = sys(p);
    const order = ['You are Aria.', '# Character', '# Example dialogue', '# World info', '# How you feel right now', '# Who you are talking to', '# What you remember', '# Earlier in this conversation'];
    const idx = order.map((h) => s.indexOf(h));
    expect(idx.every((i) => i >= 0)).toBe(true);
    expect([...idx].sort((a, b) => a - b)).toEqual(idx);
    expect(s).toContain('Name: Aria\nAn elven bard, friend of Bob.\nPersonality: Warm, outgoing and curious; loves an audience.');
    expect(s).toContain('Interests: music 95, stories 90, adventure 85, travel 85, art 80, gossip 80, local_news 75, magic 70');
    expect(s).toContain('Speaking style: Lyrical.\nScenario: A tavern.\n\n# Example dialogue\n<START>\nAria: Hi!\n\n# World info\nDragons nest in the north.\nThe year is 1203.');
    expect(s).toContain('# Who you are talking to\nBob (via matrix). Relationship: acquaintance; affinity +0.12, trust -0.05, respect +0.00, familiarity 0.06; 3 earlier exchanges, last 3 hours ago.\nAlso present: Kira, Tom\nSituation: At the harvest fair.');
    expect(s).toContain('# What you remember\n- (3 days ago) Bob fears dragons.\n\n# Earlier in this conversation\nBob arrived at dusk.');
    expect(p.messages.slice(1)).toEqual([
      { role: 'user', content: 'Bob: Hello' }, { role: 'assistant', content: 'Well met!' }, { role: 'assistant', content: 'Hi.' },
      { role: 'user', content: 'Bob: Any dragons nearby?' },
      { role: 'system', content: 'Stay short, Bob.\n\n# Response guidelines\n- Keep your reply under 50 words.\n- Be brief and concise.' },
    ]);
    expect(p.memories_used).toEqual([0]);
  });

  it('macros {{char}} (nickname), {{user}}, <BOT>, <USER>, any case, in all card text; {{original}} = the default', () => {
    const p = assemblePrompt(input(card(ARIA, {
      nickname: 'Ari', system_prompt: '{{original}} <Bot> talks to <user>.', description: '{{CHAR}} knows {{User}}.', personality: 'Fond of {{user}}.',
      scenario: '<BOT> meets <USER>.', speaking_style: 'Calls {{user}} "friend".', mes_example: '{{user}}: hi\n{{char}}: hello', post_history_instructions: 'Answer {{user}} as {{char}}.',
      character_book: book([{ constant: true, content: '{{char}} owes {{user}} a song.' }]),
    }), { message: 'Hi {{char}}' }));
    const s = sys(p);
    expect(s).toContain('You are Ari. Stay in character and reply only as Ari, in plain conversational text. Ari talks to Bob.');
    expect(s).toContain('Name: Aria (also called Ari)\nAri knows Bob.\nPersonality: Fond of Bob.');
    expect(s).toContain('Speaking style: Calls Bob "friend".\nScenario: Ari meets Bob.');
    expect(s).toContain('# Example dialogue\nBob: hi\nAri: hello');
    expect(s).toContain('# World info\nAri owes Bob a song.');
    expect(p.messages.at(-1)).toEqual({ role: 'system', content: 'Answer Bob as Ari.' });
    expect(p.messages.at(-2)).toEqual({ role: 'user', content: 'Bob: Hi {{char}}' });
  });

  it('empty sections are omitted: no example, lore, memories, summary, trailing; personality falls back to the trait summary', () => {
    const p = assemblePrompt(input(card(ARIA, { personality: '', description: '' })));
    const s = sys(p);
    for (const h of ['# Example dialogue', '# World info', '# What you remember', '# Earlier in this conversation', 'Speaking style:', 'Scenario:', 'Also present:', 'Situation:']) expect(s).not.toContain(h);
    expect(s).toContain('Name: Aria\nPersonality: extroverted 90/100, creative 85/100, optimistic 85/100, empathetic 80/100, curious 75/100\nTraits: extroverted 90/100');
    expect(p.messages.map((m) => m.role)).toEqual(['system', 'user']);
    const bare = assemblePrompt(input(card(ARIA, { personality: '', personality_traits: {}, topic_preferences: {} })));
    expect(sys(bare)).not.toMatch(/Personality:|Traits:|Interests:/);
  });

  it('memories best first (by score), each with its relative age', () => {
    const p = assemblePrompt(input(card(ARIA), {
      memories: [
        { content: 'low', created_at: at(-30).toISOString(), score: 0.5 },
        { content: 'high', created_at: at(-7200).toISOString(), score: 2.5 },
        { content: 'mid', created_at: at(-600).toISOString(), score: 1 },
      ],
    }));
    expect(sys(p)).toContain('# What you remember\n- (2 hours ago) high\n- (10 minutes ago) mid\n- (just now) low');
    expect(p.memories_used).toEqual([1, 2, 0]);
  });

  it('lore: scan_depth messages (default 2) plus the new one; selective, case-sensitive, regex, disabled; insertion order', () => {
    const window = ['the dragon roars', 'quiet', 'still quiet'].map((content) => ({ role: 'participant' as const, speaker_name: 'Bob', content }));
    expect(loreScanText(null, window, 'new')).toBe('quiet\nstill quiet\nnew');
    expect(loreScanText({ scan_depth: 3 }, window, 'new')).toBe('the dragon roars\nquiet\nstill quiet\nnew');
    expect(loreScanText({ scan_depth: 0 }, window, 'new')).toBe('new');
    const entries = [
      { keys: ['dragon'], content: 'D', insertion_order: 5 },
      { keys: ['QUIET'], content: 'Q', insertion_order: 1 },
      { keys: ['Quiet'], case_sensitive: true, content: 'QC', insertion_order: 2 },
      { keys: ['new'], selective: true, secondary_keys: ['nothing'], content: 'S', insertion_order: 3 },
      { keys: ['n.w'], use_regex: true, content: 'R', insertion_order: 4 },
      { keys: ['new'], enabled: false, content: 'X', insertion_order: 0 },
    ];
    const lore = (extra: Record<string, unknown>) => sys(assemblePrompt(input(card(ARIA, { character_book: book(entries, extra) }), { window, message: 'new' })));
    expect(lore({})).toContain('# World info\nQ\nR\n\n');
    expect(lore({ scan_depth: 3 })).toContain('# World info\nQ\nR\nD\n\n');
  });
});

describe('prompt assembly: token budget and drop order', () => {
  const memories = [3, 1, 2].map((score) => ({ content: `memory scored ${score} ${'m'.repeat(200)}`, created_at: at(-86_400).toISOString(), score }));
  const window = Array.from({ length: 8 }, (_, i) => ({ role: 'participant' as const, speaker_name: 'Bob', content: `line ${i} ${'w'.repeat(200)}` }));
  const lorePersona = card(ARIA, {
    mes_example: `{{char}}: ${'e'.repeat(400)}`,
    character_book: book([{ constant: true, content: `first ${'a'.repeat(200)}`, insertion_order: 1 }, { constant: true, content: `second ${'b'.repeat(200)}`, insertion_order: 2 }]),
  });
  const full = (over: Partial<PromptInput> = {}) => input(lorePersona, { memories, window, summary: `summary ${'s'.repeat(800)}`, ...over });
  /** context_tokens that leave exactly `tokens` for the prompt. */
  const fitting = (tokens: number, budget = 500) => tokens + budget + 64;

  it('fits untouched when under budget', () => {
    const p = assemblePrompt(full());
    expect(p.dropped).toEqual({ lore: 0, memories: 0, window: 0, summary_truncated: false, example_dropped: false });
  });

  it('1. lore entries first, the last one first', () => {
    const target = assemblePrompt(full({ persona: { ...lorePersona, character_book: book([(lorePersona.character_book?.entries as Record<string, unknown>[])[0] as Record<string, unknown>]) } }));
    const p = assemblePrompt(full({ context_tokens: fitting(target.prompt_tokens_estimate) }));
    expect(p.dropped).toEqual({ lore: 1, memories: 0, window: 0, summary_truncated: false, example_dropped: false });
    expect(p.messages).toEqual(target.messages);
  });

  it('2. then memories, the lowest score first', () => {
    const target = assemblePrompt(full({ persona: { ...lorePersona, character_book: null }, memories: [memories[0], memories[2]] as typeof memories }));
    const p = assemblePrompt(full({ context_tokens: fitting(target.prompt_tokens_estimate) }));
    expect(p.dropped).toMatchObject({ lore: 2, memories: 1, window: 0 });
    expect(p.memories_used).toEqual([0, 2]);
    expect(sys(p)).not.toContain('memory scored 1');
  });

  it('3. then the oldest window messages, keeping at least 4', () => {
    const target = assemblePrompt(full({ persona: { ...lorePersona, character_book: null }, memories: [], window: window.slice(2) }));
    const p = assemblePrompt(full({ context_tokens: fitting(target.prompt_tokens_estimate) }));
    expect(p.dropped).toMatchObject({ lore: 2, memories: 3, window: 2, summary_truncated: false });
    expect(p.messages[1]?.content).toContain('line 2 ');
  });

  it('4. then the summary is truncated, 5. then mes_example goes; sections 1–3, the new message and the trailing system stay', () => {
    const target = assemblePrompt(full({ persona: { ...lorePersona, character_book: null }, memories: [], window: window.slice(4), summary: 'summary ' }));
    const cut = assemblePrompt(full({ context_tokens: fitting(target.prompt_tokens_estimate + 5) }));
    expect(cut.dropped).toMatchObject({ window: 4, summary_truncated: true, example_dropped: false });
    expect(cut.prompt_tokens_estimate).toBeLessThanOrEqual(target.prompt_tokens_estimate + 5);
    expect(sys(cut)).toMatch(/# Earlier in this conversation\nsummary s+$/);

    const tiny = assemblePrompt(full({ context_tokens: fitting(10), persona: { ...lorePersona, post_history_instructions: 'Be kind to {{user}}.' } }));
    expect(tiny.dropped).toEqual({ lore: 2, memories: 3, window: 4, summary_truncated: true, example_dropped: true });
    const s = sys(tiny);
    for (const kept of ['You are Aria.', '# Character', 'Name: Aria', '# How you feel right now', '# Who you are talking to']) expect(s).toContain(kept);
    for (const gone of ['# Example dialogue', '# World info', '# What you remember', '# Earlier in this conversation']) expect(s).not.toContain(gone);
    expect(tiny.messages.filter((m) => m.role === 'user')).toHaveLength(5);
    expect(tiny.messages.at(-2)).toEqual({ role: 'user', content: 'Bob: Any dragons nearby?' });
    expect(tiny.messages.at(-1)).toEqual({ role: 'system', content: 'Be kind to Bob.' });
    expect(tiny.prompt_tokens_estimate).toBeGreaterThan(10);
  });

  it('tokens are ceil(code points / 4)', () => {
    expect([estimateTokens(''), estimateTokens('abcd'), estimateTokens('abcde'), estimateTokens('🎵🎵🎵🎵')]).toEqual([0, 1, 2, 1]);
  });
});

describe('the speaker profile in section 3 (docs/memory.md "How facts are learned", Profile)', () => {
  const profile = ['Bob is a blacksmith.', 'Bob lives in Oakvale.'];
  it('follows the relationship line: "What you know about Bob:" and one line per fact', () => {
    const text = sys(assemblePrompt(input(card(KIRA), { profile })));
    expect(text).toContain('Bob (via matrix). You have not talked with them before.\nWhat you know about Bob:\n- Bob is a blacksmith.\n- Bob lives in Oakvale.');
    expect(sys(assemblePrompt(input(card(KIRA), { profile: [] })))).not.toContain('What you know about');
  });

  it('is never dropped for the token budget: everything else goes first', () => {
    const memories = [{ content: `memory ${'m'.repeat(400)}`, created_at: at(-60).toISOString(), score: 1 }];
    const p = assemblePrompt(input(card(KIRA, { mes_example: `{{char}}: ${'e'.repeat(400)}` }), { profile, memories, summary: 's'.repeat(400), context_tokens: 700 }));
    expect(p.dropped).toMatchObject({ memories: 1, summary_truncated: true, example_dropped: true });
    expect(sys(p)).toContain('What you know about Bob:\n- Bob is a blacksmith.\n- Bob lives in Oakvale.');
  });
});

describe('prompt helpers', () => {
  it('relative time: just now, N minutes/hours/days ago (floor); the future reads as now', () => {
    expect([-30, -59, -60, -3599, -3600, -86_399, -86_400, -5 * 86_400 - 7200, 60].map((s) => relativeTime(at(s).toISOString(), NOW)))
      .toEqual(['just now', 'just now', '1 minutes ago', '59 minutes ago', '1 hours ago', '23 hours ago', '1 days ago', '5 days ago', 'just now']);
  });

  it('trait summary: value desc, then name, rounded', () => {
    expect(traitSummary(ARIA.personality_traits)).toBe('extroverted 90/100, creative 85/100, optimistic 85/100, empathetic 80/100, curious 75/100');
    expect(traitSummary({ b: 50, a: 50, c: 89.6 })).toBe('c 90/100, a 50/100, b 50/100');
    expect(traitSummary({})).toBe('');
  });
});

describe('rolling summary', () => {
  const cfg = { max_context_messages: 20, summary_threshold: 50, summary_chunk: 10 };
  it('first summary after the threshold, then refreshes every chunk', () => {
    expect(summaryDue(50, 0, false, cfg)).toBeNull();
    expect(summaryDue(51, 0, false, cfg)).toEqual({ from: 1, to: 31 });
    expect(summaryDue(60, 31, true, cfg)).toBeNull();
    expect(summaryDue(61, 31, true, cfg)).toEqual({ from: 32, to: 41 });
  });
  it('extractive summary keeps one line per message and the last characters at a line start', () => {
    const s = extractiveSummary('Earlier.', [{ speaker_name: 'Bob', content: 'Hi there. How are you?' }, { speaker_name: 'Aria', content: 'x'.repeat(150) }], 1200);
    expect(s).toBe(`Earlier.\nBob: Hi there.\nAria: ${'x'.repeat(100)}`);
    const long = extractiveSummary(null, Array.from({ length: 30 }, (_, i) => ({ speaker_name: 'Bob', content: `Message number ${i} is here.` })), 100);
    expect(long.length).toBeLessThanOrEqual(100);
    expect(long.startsWith('Bob: ')).toBe(true);
  });
});
