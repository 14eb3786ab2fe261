import { describe, expect, it } from 'vitest';
import type { Visibility } from '../../../../src/shared/index.ts';
import { eligible, evidenceIds, reflectionEligible, type DiscretionMemory } from '../../../../src/core/memory/discretion.model.ts';

// Discretion E1–E4 (docs/memory.md "Whom a persona tells"); this replaced the earlier recall scope.
const m = (source_key: string | null, witnessed_by: string[] = [], visibility: Visibility = 'private', memory_type = 'fact'): DiscretionMemory =>
  ({ source_key, witnessed_by, visibility, memory_type });
const BOB = 'api:bob';
const DAVE = 'api:dave';

describe('eligible (E1–E4)', () => {
  it('E1: no source (own knowledge, operator, lore, imports) — anyone, even a secret', () => {
    expect(eligible(m(null, [], 'private', 'secret'), [DAVE], 'discreet')).toBe(true);
  });

  it('E2: the listener told it or was present', () => {
    expect(eligible(m(BOB, ['persona:aria', BOB]), [BOB], 'discreet')).toBe(true);
    expect(eligible(m(BOB, ['persona:aria', BOB, DAVE]), [DAVE], 'discreet')).toBe(true);
    expect(eligible(m(BOB, ['persona:aria', BOB]), [DAVE], 'discreet')).toBe(false);
  });

  it('E2 for a conversation: every listener must be the source or a witness', () => {
    expect(eligible(m('persona:kira', ['persona:aria', 'persona:kira', 'persona:zed']), ['persona:kira', 'persona:zed'], 'discreet')).toBe(true);
    expect(eligible(m('persona:kira', ['persona:aria', 'persona:kira']), ['persona:kira', 'persona:zed'], 'discreet')).toBe(false);
    expect(eligible(m('persona:kira', ['persona:kira']), [], 'discreet')).toBe(false);
  });

  it('E3: public memories; shared ones are not enough', () => {
    expect(eligible(m(BOB, [BOB], 'public'), [DAVE], 'discreet')).toBe(true);
    expect(eligible(m(BOB, [BOB], 'shared'), [DAVE], 'discreet')).toBe(false);
  });

  it('E4: open discretion tells anything but secrets', () => {
    expect(eligible(m(BOB, [BOB]), [DAVE], 'open')).toBe(true);
    expect(eligible(m(BOB, [BOB], 'private', 'secret'), [DAVE], 'open')).toBe(false);
    expect(eligible(m(BOB, [BOB], 'private', 'secret'), [BOB], 'open')).toBe(true);
  });
});

describe('reflections: eligible only when all their evidence is', () => {
  const dm = m(BOB, ['persona:aria', BOB]);
  const own = m(null);
  it('every piece must pass; missing or no evidence never does', () => {
    expect(reflectionEligible([own, dm], [BOB], 'discreet')).toBe(true);
    expect(reflectionEligible([own, dm], [DAVE], 'discreet')).toBe(false);
    expect(reflectionEligible([own, dm], [DAVE], 'open')).toBe(true);
    expect(reflectionEligible([own, undefined], [BOB], 'discreet')).toBe(false);
    expect(reflectionEligible([], [BOB], 'open')).toBe(false);
    expect(reflectionEligible(null, [BOB], 'open')).toBe(false);
  });

  it('evidenceIds reads the string ids of metadata.evidence', () => {
    expect(evidenceIds({ evidence: ['a', 3, 'b'] })).toEqual(['a', 'b']);
    expect(evidenceIds({})).toBeNull();
  });
});
