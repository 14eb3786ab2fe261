import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { PersonaCreateInputSchema, type Persona } from '../../../../src/shared/index.ts';
import { newPersona } from '../../../../src/core/persona/persona-input.model.ts';
import {
  cardFilename, cardToPersonaInput, detectCard, personaToCard, sourceTag, type CharacterCard,
} from '../../../../src/core/cards/index.ts';

const NOW = '2026-11-25T10:00:00.000Z';
const NOW_S = 1_795_000_000;
const ARIA = JSON.parse(readFileSync(new URL('../../../../resources/seed/aria.json', import.meta.url), 'utf8')) as { id: string };

const reimport = (card: CharacterCard, id: string, now = NOW): Persona => {
  const { input, extras } = cardToPersonaInput(detectCard(JSON.parse(JSON.stringify(card))));
  return { ...newPersona(input, now, id), ...extras };
};

/** A V3 card with every field set, unknown keys and foreign extensions. */
const fullV3 = () => ({
  spec: 'chara_card_v3', spec_version: '3.0',
  data: {
    name: 'Selene', nickname: 'Sel', description: 'A lighthouse keeper.', personality: 'Patient, watchful.',
    scenario: 'A storm.', first_mes: 'You made it, {{user}}.', mes_example: '<START>\n{{char}}: Hush.', creator_notes: 'cn',
    creator_notes_multilingual: { de: 'Notizen' }, system_prompt: '{{original}} Be brief.', post_history_instructions: 'phi',
    alternate_greetings: ['Again?'], group_only_greetings: ['Everyone inside!'], tags: ['sea', 'light'], creator: 'anon',
    character_version: '3', character_book: { name: 'Coast', extensions: {}, entries: [{ keys: ['reef'], content: 'Sharp.', enabled: true, insertion_order: 0 }] },
    assets: [{ type: 'icon', uri: 'ccdefault:', name: 'main', ext: 'png' }, { type: 'emotion', uri: 'https://x.test/joy.png', name: 'joy', ext: 'png' }],
    source: ['https://hub.example/selene'], creation_date: 1_700_000_000, modification_date: 1_700_000_100,
    extensions: {
      depth_prompt: { depth: 2, prompt: 'Remember the lamp.' }, world: 'Coast', talkativeness: '0.5',
      persona_mcp: { schema_version: 1, traits: { patient: 90, watchful: 'very high' }, topic_preferences: { sea: 80 }, charisma: 12, intelligence: 15 },
    },
    x_vendor_field: { keep: ['me'] },
  },
});

const withoutExcepted = (card: { data: Record<string, unknown> }) => {
  const { modification_date: _m, source: _s, extensions, ...rest } = card.data;
  const { persona_mcp: _p, ...others } = extensions as Record<string, unknown>;
  return { ...rest, extensions: others };
};

describe('personaToCard', () => {
  it('exports Aria as a V3 JSON card', () => {
    const aria = newPersona(PersonaCreateInputSchema.parse(ARIA), NOW, ARIA.id);
    const card = personaToCard(aria, 'v3', NOW_S);
    expect(card.spec).toBe('chara_card_v3');
    expect(card.spec_version).toBe('3.0');
    expect(card.data).toMatchObject({
      name: 'Aria', personality: 'Warm, outgoing and curious; loves an audience.', tags: ['bard', 'elf', 'seed'],
      group_only_greetings: [], assets: [], source: [`persona-mcp:${ARIA.id}`],
      creation_date: Date.parse(NOW) / 1000, modification_date: NOW_S,
    });
    expect(card.data.character_book).toBeUndefined();
    expect(card.data.nickname).toBeUndefined();
    const mcp = (card.data.extensions as { persona_mcp: Record<string, unknown> }).persona_mcp;
    expect(Object.keys(mcp).sort()).toEqual([
      'charisma', 'emotional_baseline', 'full_name', 'intelligence', 'interaction_defaults', 'llm', 'memory_policy',
      'persona_id', 'schema_version', 'social_rank', 'speaking_style', 'topic_preferences', 'traits',
    ]);
    expect(mcp).toMatchObject({
      schema_version: 1, persona_id: ARIA.id, charisma: 18, intelligence: 14, social_rank: 'performer',
      interaction_defaults: { current_priority: 'social', social_energy: 150, available_time: 600, interest_level: 50 },
    });
    expect(cardFilename(aria.name, 'json')).toBe('aria.json');
  });

  it('fills an empty personality with the trait summary (desc by value, then name)', () => {
    const aria = newPersona(PersonaCreateInputSchema.parse({ ...ARIA, personality: '' }), NOW, ARIA.id);
    expect(personaToCard(aria, 'v3', NOW_S).data.personality)
      .toBe('extroverted 90/100, creative 85/100, optimistic 85/100, empathetic 80/100, curious 75/100');
  });

  it('exports V2 with the V1 fields mirrored at the root and V3-only fields in v3_fields', () => {
    const p = reimport(fullV3() as unknown as CharacterCard, 'e5e5e5e5-0000-4000-8000-000000000005');
    const card = personaToCard(p, 'v2', NOW_S);
    expect(card).toMatchObject({
      spec: 'chara_card_v2', spec_version: '2.0', name: 'Selene', description: 'A lighthouse keeper.',
      personality: 'Patient, watchful.', scenario: 'A storm.', first_mes: 'You made it, {{user}}.', mes_example: '<START>\n{{char}}: Hush.',
    });
    for (const key of ['nickname', 'assets', 'source', 'group_only_greetings', 'creation_date', 'modification_date', 'creator_notes_multilingual']) {
      expect(card.data).not.toHaveProperty(key);
    }
    const mcp = (card.data.extensions as { persona_mcp: Record<string, unknown> }).persona_mcp;
    expect(mcp.v3_fields).toEqual({
      assets: fullV3().data.assets, nickname: 'Sel', creator_notes_multilingual: { de: 'Notizen' },
      source: ['https://hub.example/selene', sourceTag(p.id)], group_only_greetings: ['Everyone inside!'],
      creation_date: 1_700_000_000, modification_date: NOW_S,
    });
    expect(card.data.x_vendor_field).toEqual({ keep: ['me'] });
  });

  it('V3 → persona → V3 is lossless except modification_date, source (ours appended) and persona_mcp', () => {
    const original = fullV3();
    const persona = reimport(original as unknown as CharacterCard, 'f6f6f6f6-0000-4000-8000-000000000006');
    expect(persona.created_at).toBe('2023-11-14T22:13:20.000Z');
    const exported = personaToCard(persona, 'v3', NOW_S);
    expect(exported.spec).toBe('chara_card_v3');
    expect(withoutExcepted(exported)).toEqual(withoutExcepted(original));
    expect(exported.data.source).toEqual([...original.data.source, sourceTag(persona.id)]);
    expect(exported.data.modification_date).toBe(NOW_S);
    const { persona_mcp: _p, ...foreign } = original.data.extensions;
    const { persona_mcp: mcp, ...exportedForeign } = exported.data.extensions as Record<string, unknown>;
    expect(JSON.stringify(exportedForeign)).toBe(JSON.stringify(foreign));
    expect(mcp).toMatchObject({ traits: { patient: 90, watchful: 90 }, topic_preferences: { sea: 80 }, charisma: 12, intelligence: 15 });
    // Exporting again is stable (source is not appended twice).
    expect(personaToCard(reimport(exported, persona.id), 'v3', NOW_S)).toEqual(exported);
  });

  it('V2 export → import → V3 is lossless via v3_fields', () => {
    const original = reimport(fullV3() as unknown as CharacterCard, 'a7a7a7a7-0000-4000-8000-000000000007');
    const aria = newPersona(PersonaCreateInputSchema.parse({ ...ARIA, personality: '', llm: { model: 'm', temperature: 0.4 } }), NOW, ARIA.id);
    for (const persona of [original, aria]) {
      const v2 = personaToCard(persona, 'v2', NOW_S);
      const back = reimport(v2, persona.id, '2027-01-01T00:00:00.000Z');
      expect(personaToCard(back, 'v3', NOW_S)).toEqual(personaToCard(persona, 'v3', NOW_S));
      const { updated_at: _u, source: backSource, ...backRest } = back;
      const { updated_at: _u2, source, ...rest } = persona;
      expect(backRest).toEqual(rest);
      expect(backSource).toEqual([...source, sourceTag(persona.id)]);
    }
  });

  it('restores card_extra keys without overriding known keys', () => {
    const p = reimport({ spec: 'chara_card_v2', spec_version: '2.0', data: { name: 'Q', nickname: 'legacy', custom: 1 } }, 'b8b8b8b8-0000-4000-8000-000000000008');
    expect(p.card_extra).toEqual({ nickname: 'legacy', custom: 1 });
    const v2 = personaToCard(p, 'v2', NOW_S);
    expect(v2.data).toMatchObject({ nickname: 'legacy', custom: 1 });
    const v3 = personaToCard(p, 'v3', NOW_S);
    expect(v3.data.custom).toBe(1);
    expect(v3.data.nickname).toBeUndefined();
  });
});

describe('cardFilename', () => {
  it('slugs the name', () => {
    expect(cardFilename('Aria', 'json')).toBe('aria.json');
    expect(cardFilename('  Dr. Who?! (2) ', 'png')).toBe('dr-who-2.png');
    expect(cardFilename('Ärger_im_Hof', 'json')).toBe('rger-im-hof.json');
    expect(cardFilename('日本', 'png')).toBe('persona.png');
  });
});
