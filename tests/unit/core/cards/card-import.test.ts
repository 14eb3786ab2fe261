import { describe, expect, it } from 'vitest';
import { AppError, PersonaCreateInputSchema, PersonaSchema } from '../../../../src/shared/index.ts';
import { newPersona } from '../../../../src/core/persona/persona-input.model.ts';
import { cardToPersonaInput, detectCard } from '../../../../src/core/cards/index.ts';

const NOW = '2026-11-25T10:00:00.000Z';
const ID = 'd4d4d4d4-0000-4000-8000-000000000004';

const importCard = (json: unknown) => cardToPersonaInput(detectCard(json));

function appError(fn: () => unknown): AppError {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(AppError);
    return err as AppError;
  }
  throw new Error('expected an AppError');
}

// A V2 card as SillyTavern exports it, verbatim.
const MIRA = JSON.parse('{"spec":"chara_card_v2","spec_version":"2.0","data":{"name":"Mira","description":"A ferry pilot.","personality":"","scenario":"","first_mes":"Need a crossing?","mes_example":"","creator_notes":"","system_prompt":"","post_history_instructions":"","alternate_greetings":[],"tags":[],"creator":"","character_version":"1","extensions":{"depth_prompt":{"depth":4}}}}') as unknown;

describe('detectCard', () => {
  it('detects V1, V2 and V3 (object or JSON text)', () => {
    expect(detectCard({ name: 'Flat' }).spec).toBe('chara_card_v1');
    expect(detectCard(MIRA).spec).toBe('chara_card_v2');
    expect(detectCard(JSON.stringify(MIRA)).spec).toBe('chara_card_v2');
    expect(detectCard({ spec: 'chara_card_v3', spec_version: '3.0', data: { name: 'Neo' } }).spec).toBe('chara_card_v3');
  });

  it('rejects unknown specs and non-cards with UNSUPPORTED_FORMAT', () => {
    expect(appError(() => detectCard({ spec: 'chara_card_v9', data: { name: 'x' } })).code).toBe('UNSUPPORTED_FORMAT');
    expect(appError(() => detectCard({ hello: 'world' })).code).toBe('UNSUPPORTED_FORMAT');
    expect(appError(() => detectCard([1, 2])).code).toBe('UNSUPPORTED_FORMAT');
    expect(appError(() => detectCard('{not json')).code).toBe('INVALID_PARAMS');
  });

  it('reports bad fields with paths into the card', () => {
    const err = appError(() => detectCard({ spec: 'chara_card_v2', data: { name: 7, tags: 'a,b' } }));
    expect(err.code).toBe('INVALID_PARAMS');
    expect(err.issues?.map((i) => i.path)).toEqual([['data', 'name'], ['data', 'tags']]);
    expect(appError(() => detectCard({ spec: 'chara_card_v3', data: null })).issues?.[0]?.path).toEqual(['data']);
  });
});

describe('cardToPersonaInput', () => {
  it('imports a SillyTavern V2 card (Mira) without warnings', () => {
    const result = importCard(MIRA);
    expect(result.spec).toBe('chara_card_v2');
    expect(result.warnings).toEqual([]);
    expect(result.input).toMatchObject({
      name: 'Mira', description: 'A ferry pilot.', first_mes: 'Need a crossing?', character_version: '1',
      group_only_greetings: [], alternate_greetings: [], tags: [],
    });
    expect(result.extras).toEqual({
      assets: [], source: [], character_book: null, creator_notes_multilingual: null, card_extra: null,
      extensions: { depth_prompt: { depth: 4 } },
    });
    const persona = { ...newPersona(result.input, NOW, ID), ...result.extras };
    expect(PersonaSchema.parse(persona)).toEqual(persona);
    expect(persona.charisma).toBe(10);
  });

  it('maps a V1 card and keeps unknown root keys in card_extra', () => {
    const result = importCard({
      name: 'Old Tom', description: 'A sailor.', personality: 'gruff', scenario: 'A dock.', first_mes: 'Ahoy.',
      mes_example: '<START>', create_date: '2023-1-1', avatar: 'none',
    });
    expect(result.spec).toBe('chara_card_v1');
    expect(result.input).toMatchObject({
      name: 'Old Tom', description: 'A sailor.', personality: 'gruff', scenario: 'A dock.', first_mes: 'Ahoy.', mes_example: '<START>',
    });
    expect(result.extras.card_extra).toEqual({ create_date: '2023-1-1', avatar: 'none' });
    expect(result.extras.extensions).toEqual({});
  });

  it('is tolerant: missing or null optional fields default', () => {
    const result = importCard({ spec: 'chara_card_v2', data: { name: 'Sparse', personality: null, tags: null, character_version: 2, extensions: null } });
    expect(result.input).toMatchObject({ name: 'Sparse', personality: '', tags: [], character_version: '2', description: '' });
    expect(result.extras.extensions).toEqual({});
  });

  it('preserves unknown extension namespaces byte for byte and unknown data keys in card_extra', () => {
    const ext = '{"zeta":{"b":1,"a":[3,"✓",{"y":null,"x":1.5e-7}]},"depth_prompt":{"prompt":"{{char}} is \\"here\\"","depth":4,"role":"system"},"__proto__":{"odd":true},"alpha":"\\u0000ctl"}';
    const raw = `{"spec":"chara_card_v2","spec_version":"2.0","data":{"name":"Keeper","extensions":${ext},"x_custom":{"k":[1,2]},"nickname":"K","description":"d"}}`;
    const result = importCard(raw);
    expect(JSON.stringify(result.extras.extensions)).toBe(ext);
    expect(JSON.stringify(result.extras.card_extra)).toBe('{"x_custom":{"k":[1,2]},"nickname":"K"}');
    // V2 import: group_only_greetings is [] and the V3-only "nickname" is just an unknown key.
    expect(result.input.group_only_greetings).toEqual([]);
    expect(result.input.nickname).toBeUndefined();
  });

  it('maps every V3 field and fills our fields from extensions.persona_mcp', () => {
    const result = importCard({
      spec: 'chara_card_v3', spec_version: '3.0',
      data: {
        name: 'Vex', nickname: 'V', description: 'A thief.', personality: 'sly', scenario: 's', first_mes: 'Hm.',
        mes_example: 'ex', creator_notes: 'notes', creator_notes_multilingual: { fr: 'notes fr' }, system_prompt: 'sys {{original}}',
        post_history_instructions: 'phi', alternate_greetings: ['Yo.'], group_only_greetings: ['All of you.'], tags: ['rogue'],
        creator: 'me', character_version: '2.1', character_book: { name: 'Lore', entries: [{ keys: ['city'], content: 'Big.' }] },
        assets: [{ type: 'icon', uri: 'ccdefault:', name: 'main', ext: 'png' }], source: ['https://example.test/vex'],
        creation_date: 1_700_000_000, modification_date: 1_700_000_500,
        extensions: {
          other: { keep: true },
          persona_mcp: {
            schema_version: 1, persona_id: 'ignored', traits: { sly: 'very high', brave: 'Low', calm: 40 },
            topic_preferences: { heists: 90 }, charisma: 15, intelligence: 16, social_rank: 'outlaw', speaking_style: 'Terse.',
            full_name: 'Vex Nightshade', emotional_baseline: { mood: 0.1 },
            interaction_defaults: { current_priority: 'business', social_energy: 60, available_time: 120, interest_level: 40 },
            llm: { temperature: 0.9 }, memory_policy: { max_memories: 500 },
          },
        },
      },
    });
    expect(result.spec).toBe('chara_card_v3');
    expect(result.warnings).toEqual([]);
    expect(result.input).toMatchObject({
      name: 'Vex', nickname: 'V', system_prompt: 'sys {{original}}', alternate_greetings: ['Yo.'], group_only_greetings: ['All of you.'],
      personality_traits: { sly: 90, brave: 25, calm: 40 }, topic_preferences: { heists: 90 }, charisma: 15, intelligence: 16,
      social_rank: 'outlaw', speaking_style: 'Terse.', full_name: 'Vex Nightshade', emotional_baseline: { mood: 0.1 },
      current_priority: 'business', social_energy: 60, available_time: 120, interest_level: 40,
      llm: { temperature: 0.9 }, memory_policy: { max_memories: 500 },
    });
    expect(result.extras).toMatchObject({
      assets: [{ type: 'icon', uri: 'ccdefault:', name: 'main', ext: 'png' }], source: ['https://example.test/vex'],
      creator_notes_multilingual: { fr: 'notes fr' }, character_book: { name: 'Lore' }, card_extra: null,
      extensions: { other: { keep: true } }, created_at: '2023-11-14T22:13:20.000Z',
    });
    const persona = { ...newPersona(PersonaCreateInputSchema.parse(result.input), NOW, ID), ...result.extras };
    expect(persona.emotional_baseline).toEqual({ mood: 0.1, energy_level: 0.7, stress_level: 0.3, curiosity: 0.6 });
    expect(persona.interaction_defaults).toEqual({ current_priority: 'business', social_energy: 60, available_time: 120, interest_level: 40 });
    expect(PersonaSchema.parse(persona)).toEqual(persona);
  });

  it('rejects bad trait words and out-of-range fields with issue paths into the card', () => {
    const err = appError(() => importCard({
      spec: 'chara_card_v3', data: {
        name: 'Bad', alternate_greetings: Array.from({ length: 33 }, () => 'hi'),
        extensions: { persona_mcp: { schema_version: 1, traits: { brave: 'sort of', kind: 'high' }, charisma: 25, interaction_defaults: { social_energy: 500 } } },
      },
    }));
    expect(err.code).toBe('INVALID_PARAMS');
    const paths = err.issues?.map((i) => i.path.join('.'));
    expect(paths).toEqual(expect.arrayContaining([
      'data.extensions.persona_mcp.traits.brave',
      'data.extensions.persona_mcp.charisma',
      'data.extensions.persona_mcp.interaction_defaults.social_energy',
      'data.alternate_greetings',
    ]));
    expect(paths).toHaveLength(4);
    expect(appError(() => importCard({ spec: 'chara_card_v2', data: { name: '' } })).issues?.[0]?.path).toEqual(['data', 'name']);
    expect(appError(() => importCard({ name: 'a\u0001b' })).issues?.[0]?.path).toEqual(['name']);
  });

  it('ignores persona_mcp of an unknown schema_version with a warning', () => {
    const result = importCard({ spec: 'chara_card_v2', data: { name: 'Future', extensions: { persona_mcp: { schema_version: 2, charisma: 20 }, other: 1 } } });
    expect(result.warnings).toEqual(['extensions.persona_mcp schema_version 2 is not supported; its fields were not imported']);
    expect(result.input.charisma).toBeUndefined();
    expect(result.extras.extensions).toEqual({ other: 1 });
  });

  it('warns about a creation_date that is not unix seconds', () => {
    const result = importCard({ spec: 'chara_card_v3', data: { name: 'Ms', creation_date: 1.5 } });
    expect(result.warnings).toEqual(['data.creation_date 1.5 is not a unix time in seconds; ignored']);
    expect(result.extras.created_at).toBeUndefined();
  });
});
