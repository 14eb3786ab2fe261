import { describe, expect, it } from 'vitest';
import { AppError, PersonaCreateInputSchema } from '../../../../src/shared/index.ts';
import { newPersona, normalizeTraits } from '../../../../src/core/persona/persona-input.model.ts';

const NOW = '2026-11-25T10:00:00.000Z';

describe('persona input rules', () => {
  it('maps trait words and scales to 0..100', () => {
    expect(normalizeTraits({ a: 'very low', b: 'LOW', c: 'moderate', d: 'Medium', e: 'high', f: 'very_high', g: 42 }, '0-100'))
      .toEqual({ a: 10, b: 25, c: 50, d: 50, e: 75, f: 90, g: 42 });
    expect(normalizeTraits({ a: 0.35 }, '0-1').a).toBeCloseTo(35, 9);
    expect(normalizeTraits({ a: 7 }, '1-10')).toEqual({ a: 70 });
  });

  it('rejects unknown trait words and out-of-scale numbers with an issue per trait', () => {
    try {
      normalizeTraits({ brave: 'sort of', calm: 150, kind: 'high' }, '0-100');
      throw new Error('expected INVALID_PARAMS');
    } catch (err) {
      expect(err).toBeInstanceOf(AppError);
      expect((err as AppError).code).toBe('INVALID_PARAMS');
      expect((err as AppError).issues?.map((i) => i.path)).toEqual([['personality_traits', 'brave'], ['personality_traits', 'calm']]);
    }
    expect(() => normalizeTraits({ a: 0.5 }, '1-10')).toThrow(AppError);
  });

  it('maps the legacy create fields instead of dropping them', () => {
    const input = PersonaCreateInputSchema.parse({
      name: 'Brom', description: 'A gruff dwarven smith.', background: 'Born under the mountain.',
      interests: ['metalwork', 'ale'], topic_preferences: { ale: 40 }, speaking_style: 'Short and blunt.', full_name: 'Brom Ironfist',
    });
    const p = newPersona(input, NOW);
    expect(p.description).toBe('A gruff dwarven smith.\n\nBorn under the mountain.');
    expect(p.topic_preferences).toEqual({ ale: 40, metalwork: 70 });
    expect(p.speaking_style).toBe('Short and blunt.');
    expect(p.full_name).toBe('Brom Ironfist');
  });

  it('fills every default of a new persona', () => {
    const p = newPersona(PersonaCreateInputSchema.parse({ name: 'Mira' }), NOW);
    expect(p).toMatchObject({
      name: 'Mira', nickname: null, charisma: 10, intelligence: 10, social_rank: 'commoner', version: 1,
      emotional_baseline: { mood: 0.5, energy_level: 0.7, stress_level: 0.3, curiosity: 0.6 },
      interaction_defaults: { current_priority: 'none', social_energy: 100, available_time: 300, interest_level: 50 },
      created_at: NOW, updated_at: NOW,
    });
  });

  it('create input schema enforces the protocol limits', () => {
    const bad = PersonaCreateInputSchema.safeParse({
      name: '', charisma: 21, tags: Array.from({ length: 65 }, (_, i) => `t${i}`), description: 'x'.repeat(20_001),
    });
    expect(bad.success).toBe(false);
    const paths = bad.error!.issues.map((i) => i.path.join('.'));
    expect(paths).toEqual(expect.arrayContaining(['name', 'charisma', 'tags', 'description']));
  });
});
