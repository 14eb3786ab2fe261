import { describe, expect, it } from 'vitest';
import {
  applyInteraction, classifyRelationship, compatibilityScore, newRelationship, relationshipStrength, type RelationshipState,
} from '../../../../src/core/intelligence/relationship.model.ts';

// intelligence.md §13.5.
const AT = '2026-11-25T12:00:00.000Z';
function run(times: number, quality: number, minutes: number, context = 'conversation'): RelationshipState {
  let r = newRelationship(AT);
  for (let i = 0; i < times; i += 1) r = applyInteraction(r, { quality, minutes, context, at: AT }).next;
  return r;
}
const rows: [string, RelationshipState, number[], number, string, number, number][] = [
  ['R1', run(1, 0.8, 30), [0.04, 0.024, 0.032, 0.02], 1, 'stranger', 0.0316, 0.036],
  ['R2', run(3, 0.8, 30), [0.12, 0.072, 0.096, 0.058808], 3, 'acquaintance', 0.0946808, 0.10771392],
  ['R3', run(1, -1, 30, 'conflict'), [-0.07, -0.1, -0.04, 0.02], 1, 'stranger', -0.068, 0.06],
  ['R4', run(1, 0.75, 5), [0.00625, 0.00375, 0.005, 0.0033333], 1, 'stranger', 0.0049583, 0.005675],
  ['R5', run(1, -0.8, 5), [-0.0066667, -0.008, -0.0053333, 0.0033333], 1, 'stranger', -0.0064667, 0.006],
  ['R6', run(20, 0.5, 5), [0.083333, 0.05, 0, 0.064597], 20, 'acquaintance', 0.054793, 0.060503],
  ['R7', run(12, 0.9, 40, 'collaboration'), [0.54, 0.564, 0.672, 0.215283], 12, 'friend', 0.541128, 0.616868],
  ['R8', run(10, -1, 30, 'conflict'), [-0.7, -1, -0.4, 0.182927], 10, 'rival', -0.678293, 0.596585],
  ['R9', run(30, -1, 30, 'conflict'), [-1, -1, -1, 0.454516], 30, 'enemy', -0.945452, 0.890903],
];

describe('relationship update (§4.2) and derived values (§4.1)', () => {
  it.each(rows)('%s', (_id, r, [a, t, re, f], count, type, strength, compat) => {
    expect(r.affinity).toBeCloseTo(a!, 6);
    expect(r.trust).toBeCloseTo(t!, 6);
    expect(r.respect).toBeCloseTo(re!, 6);
    expect(r.familiarity).toBeCloseTo(f!, 6);
    expect(r.interaction_count).toBe(count);
    expect(r.relationship_type).toBe(type);
    expect(relationshipStrength(r)).toBeCloseTo(strength, 6);
    expect(compatibilityScore(r)).toBeCloseTo(compat, 6);
  });

  it('classification-only rows', () => {
    const c = (affinity: number, trust: number, respect: number, familiarity: number, interaction_count: number) =>
      [Number(relationshipStrength({ affinity, trust, respect, familiarity }).toFixed(2)), classifyRelationship({ affinity, trust, respect, familiarity, interaction_count })];
    expect(c(0.9, 0.9, 0.9, 0.5, 10)).toEqual([0.86, 'close_friend']);
    expect(c(0.6, 0.5, 0.4, 0.5, 10)).toEqual([0.52, 'friend']);
    expect(c(0.3, 0.2, 0.1, 0.2, 10)).toEqual([0.22, 'acquaintance']);
    expect(c(0.3, 0.2, 0.1, 0.2, 2)[1]).toBe('stranger');
    expect(c(-0.5, -0.5, -0.2, 0.3, 5)).toEqual([-0.42, 'rival']);
    expect(c(-0.9, -0.9, -0.5, 0.3, 5)).toEqual([-0.76, 'enemy']);
  });

  it('a locked type is kept; memorable moments are kept for |q| > .7, the last 20', () => {
    let r: RelationshipState = { ...newRelationship(AT), relationship_type: 'mentor', type_locked: true };
    for (let i = 0; i < 25; i += 1) r = applyInteraction(r, { quality: 0.9, minutes: 30, context: 'collaboration', at: AT, note: `n${i}` }).next;
    expect(r.relationship_type).toBe('mentor');
    expect(r.memorable_moments).toHaveLength(20);
    expect(r.memorable_moments[19]!.note).toBe('n24');
    expect(applyInteraction(newRelationship(AT), { quality: 0.5, minutes: 5, context: 'x', at: AT }).next.memorable_moments).toEqual([]);
  });
});
