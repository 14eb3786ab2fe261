import { describe, expect, it } from 'vitest';
import { assemblePrompt, relativeTime, traitSummary, type PromptInput } from '../../../../src/core/intelligence/prompt.model.ts';
import { extractiveSummary, summaryDue } from '../../../../src/core/chat/summary.ts';

const NOW = new Date('2026-11-25T12:00:00.000Z');
const base = (over: Partial<PromptInput> = {}): PromptInput => ({
  persona: {
    name: 'Aria', nickname: null, description: 'An elven bard, friend of {{user}}.', personality: '', scenario: 'A tavern.', mes_example: '<START>\n{{char}}: Hi!',
    system_prompt: '', post_history_instructions: 'Stay short, {{user}}.', personality_traits: { creative: 85, extroverted: 90 }, topic_preferences: { music: 95, art: 80 },
    speaking_style: 'Lyrical.', character_book: { entries: [{ keys: ['dragon'], content: 'Dragons nest in the north.', enabled: true }, { constant: true, content: 'The year is 1203.' }] },
  },
  emotion: { emotion: 'content', mood: 0.55, stress_level: 0.2, energy_level: 0.8, curiosity: 0.7 },
  state: { social_energy: 150, interaction_fatigue: 0, current_priority: 'social', interest_level: 50 },
  speaker: { display_name: 'Bob', platform: 'matrix' },
  relationship: null, witnesses: [], memories: [], summary: null, window: [], message: 'Any dragons nearby?',
  token_budget: 500, context_tokens: 4096, now: NOW, ...over,
});

describe('prompt assembly (§7.4)', () => {
  it('system message sections in order, macros substituted, window and message as chat turns, trailing system', () => {
    const p = assemblePrompt(base({
      relationship: { relationship_type: 'acquaintance', affinity: 0.12, trust: -0.05, respect: 0, familiarity: 0.06, interaction_count: 3, last_interaction: '2026-11-25T09:00:00.000Z' },
      memories: [{ content: 'Bob fears dragons.', created_at: '2026-11-22T12:00:00.000Z', score: 2 }], summary: 'Bob arrived at dusk.',
      window: [{ role: 'participant', speaker_name: 'Bob', content: 'Hello' }, { role: 'persona', speaker_name: 'Aria', content: 'Well met!' }],
    }));
    const sys = p.messages[0]!.content;
    const order = ['You are Aria.', '# Character', '# Example dialogue', '# World info', '# How you feel right now', '# Who you are talking to', '# What you remember', '# Earlier in this conversation'];
    const idx = order.map((h) => sys.indexOf(h));
    expect(idx.every((i) => i >= 0)).toBe(true);
    expect([...idx].sort((a, b) => a - b)).toEqual(idx);
    expect(sys).toContain('An elven bard, friend of Bob.');
    expect(sys).toContain('Aria: Hi!');
    expect(sys).toContain('Traits: extroverted 90/100, creative 85/100');
    expect(sys).toContain('Personality: extroverted 90/100, creative 85/100');
    expect(sys).toContain('Dragons nest in the north.\nThe year is 1203.');
    expect(sys).toContain('content (mood +0.55, stress 0.20, energy 0.80, curiosity 0.70)');
    expect(sys).toContain('Bob (via matrix). Relationship: acquaintance; affinity +0.12, trust -0.05, respect +0.00, familiarity 0.06; 3 earlier exchanges, last 3 hours ago.');
    expect(sys).toContain('- (3 days ago) Bob fears dragons.');
    expect(p.messages.slice(1).map((m) => [m.role, m.content])).toEqual([
      ['user', 'Bob: Hello'], ['assistant', 'Well met!'], ['user', 'Bob: Any dragons nearby?'], ['system', 'Stay short, Bob.'],
    ]);
    expect(p.memories_used).toEqual([0]);
  });

  it('empty sections are omitted; a stranger is introduced as such', () => {
    const p = assemblePrompt(base({ persona: { ...base().persona, mes_example: '', character_book: null, post_history_instructions: '' } }));
    const sys = p.messages[0]!.content;
    expect(sys).not.toContain('# Example dialogue');
    expect(sys).not.toContain('# World info');
    expect(sys).not.toContain('# What you remember');
    expect(sys).toContain('You have not talked with them before.');
    expect(p.messages.at(-1)!.role).toBe('user');
  });

  it('over budget it drops lore, then the lowest-scored memories, then old window messages (keeping 4), then shortens the summary; the core never goes', () => {
    const memories = Array.from({ length: 6 }, (_, i) => ({ content: `memory ${i} ${'x'.repeat(300)}`, created_at: '2026-11-20T00:00:00.000Z', score: i }));
    const window = Array.from({ length: 12 }, (_, i) => ({ role: 'participant' as const, speaker_name: 'Bob', content: `line ${i} ${'y'.repeat(300)}` }));
    const p = assemblePrompt(base({ memories, window, summary: 's'.repeat(2000), token_budget: 500, context_tokens: 1600 }));
    expect(p.prompt_tokens_estimate).toBeLessThanOrEqual(1600 - 500 - 64);
    expect(p.dropped.lore).toBe(2);
    expect(p.dropped.memories).toBe(6);
    expect(p.dropped.window).toBe(8);
    expect(p.messages.filter((m) => m.role === 'user')).toHaveLength(5);
    expect(p.messages[0]!.content).toContain('# How you feel right now');
    expect(p.messages[0]!.content).toContain('# Who you are talking to');
    const keep = assemblePrompt(base({ memories, token_budget: 500, context_tokens: 3000 }));
    expect(keep.memories_used).toEqual([0, 1, 2, 3, 4, 5].filter((i) => keep.memories_used.includes(i)));
    if (keep.dropped.memories) expect(keep.memories_used).not.toContain(0);
  });

  it('helpers: relative time and trait summary', () => {
    expect([relativeTime('2026-11-25T11:59:30.000Z', NOW), relativeTime('2026-11-25T11:00:00.000Z', NOW), relativeTime('2026-11-25T01:00:00.000Z', NOW), relativeTime('2026-11-20T12:00:00.000Z', NOW)])
      .toEqual(['just now', '1 hours ago', '11 hours ago', '5 days ago']);
    expect(traitSummary({ b: 50, a: 50, c: 90 })).toBe('c 90/100, a 50/100, b 50/100');
  });
});

describe('rolling summary (§7.3)', () => {
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
