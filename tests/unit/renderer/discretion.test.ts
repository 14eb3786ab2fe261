// A persona's discretion on its page: own setting or inherited, the sentence, and the policy saved.
import { describe, expect, it } from 'vitest';
import { discretionSentence, globalDiscretion, ownDiscretion, policyWithDiscretion } from '../../../src/renderer/components/persona/discretion.ts';

describe('persona discretion', () => {
  it('reads the own setting and the global one (discreet until the settings are loaded)', () => {
    expect(ownDiscretion(null)).toBeNull();
    expect(ownDiscretion({ discretion: 'open' })).toBe('open');
    expect(ownDiscretion({ discretion: 'loud' })).toBeNull();
    expect(globalDiscretion({ discretion: 'open' })).toBe('open');
    expect(globalDiscretion({ discretion: 'discreet' })).toBe('discreet');
    expect(globalDiscretion(null)).toBe('discreet');
  });

  it('says what each setting means, naming the persona', () => {
    expect(discretionSentence('discreet', 'Aria')).toBe('Discreet: Aria only repeats what someone told it to that person, to people who were present, or when it is public.');
    expect(discretionSentence('open', 'Aria')).toBe('Open: Aria may repeat anything it was told to anyone, except secrets.');
  });

  it('keeps the other overrides when setting or clearing discretion, and saves null when nothing is left', () => {
    const pruning = { pruning: { target: 500 } };
    expect(policyWithDiscretion(pruning, 'open')).toEqual({ pruning: { target: 500 }, discretion: 'open' });
    expect(policyWithDiscretion({ ...pruning, discretion: 'open' }, null)).toEqual(pruning);
    expect(policyWithDiscretion({ discretion: 'open' }, null)).toBeNull();
    expect(policyWithDiscretion(null, 'discreet')).toEqual({ discretion: 'discreet' });
  });
});
