import { describe, expect, it } from 'vitest';
import type { Visibility } from '../../../../src/shared/index.ts';
import { canRead, crossPersonaSource, type VisibleMemory } from '../../../../src/core/memory/visibility.model.ts';

// Memory visibility (who may read a memory; recall scope was replaced by discretion, discretion.test.ts).
const P = 'p-reader';
const O = 'p-owner';
const m = (persona_id: string, visibility: Visibility, witnessed_by: string[] = []): VisibleMemory => ({ persona_id, visibility, witnessed_by });
const ALL = { include_own: true, include_shared: true, include_public: true };

describe('canRead (visibility table)', () => {
  it.each([
    ['private', P, [], true], ['shared', P, [], true], ['public', P, [], true],
    ['private', O, [`persona:${P}`], false], ['shared', O, [], false], ['shared', O, [`persona:${P}`], true],
    ['shared', O, ['matrix:@p-reader:x', 'persona:other'], false], ['public', O, [], true],
  ] as [Visibility, string, string[], boolean][])('%s memory of %s witnessed by %j → %s', (visibility, owner, witnessed, expected) => {
    expect(canRead(P, m(owner, visibility, witnessed))).toBe(expected);
  });
});

describe('cross-persona search sources', () => {
  it('own shared/public memories are "own"; own private ones never', () => {
    expect(crossPersonaSource(P, m(P, 'shared'), ALL)).toBe('own');
    expect(crossPersonaSource(P, m(P, 'public'), ALL)).toBe('own');
    expect(crossPersonaSource(P, m(P, 'private'), ALL)).toBeNull();
    expect(crossPersonaSource(P, m(P, 'public'), { ...ALL, include_own: false })).toBeNull();
  });

  it("others' shared memories only when witnessed; others' public ones; never others' private ones", () => {
    expect(crossPersonaSource(P, m(O, 'shared', [`persona:${P}`]), ALL)).toBe('shared');
    expect(crossPersonaSource(P, m(O, 'shared', ['persona:x']), ALL)).toBeNull();
    expect(crossPersonaSource(P, m(O, 'shared', [`persona:${P}`]), { ...ALL, include_shared: false })).toBeNull();
    expect(crossPersonaSource(P, m(O, 'public'), ALL)).toBe('public');
    expect(crossPersonaSource(P, m(O, 'public'), { ...ALL, include_public: false })).toBeNull();
    expect(crossPersonaSource(P, m(O, 'private', [`persona:${P}`]), ALL)).toBeNull();
  });
});
