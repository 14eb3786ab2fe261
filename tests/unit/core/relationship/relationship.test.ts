import { describe, expect, it } from 'vitest';
import {
  applyInteraction, chatInteraction, classifyRelationship, compatibilityScore, conversationInteraction, newRelationship, relationshipStrength,
  type RelationshipState,
} from '../../../../src/core/relationship/relationship.model.ts';

// Relationship test vectors.
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

describe('relationship update and derived values', () => {
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

describe('relationship update details', () => {
  const axes = (r: RelationshipState) => [r.affinity, r.trust, r.respect, r.familiarity].map((x) => Number(x.toFixed(9)));

  it('R1 returns the applied deltas and the bookkeeping fields', () => {
    const later = '2026-11-25T13:00:00.000Z';
    const { next, deltas } = applyInteraction(newRelationship(AT), { quality: 0.8, minutes: 30, context: 'conversation', at: later });
    expect(Object.values(deltas).map((x) => Number(x.toFixed(9)))).toEqual([0.04, 0.024, 0.032, 0.02]);
    expect(next).toMatchObject({ interaction_count: 1, total_interaction_time: 30, recent_interaction_quality: 0.8, last_interaction: later });
    expect(next.memorable_moments).toEqual([{ at: later, quality: 0.8, context: 'conversation', minutes: 30 }]);
  });

  it('memorable moments per vector row (|q| > .7, last 20 kept) and total time', () => {
    expect([run(1, 0.8, 30), run(3, 0.8, 30), run(1, 0.75, 5), run(20, 0.5, 5), run(12, 0.9, 40), run(30, -1, 30, 'conflict')]
      .map((r) => r.memorable_moments.length)).toEqual([1, 3, 1, 0, 12, 20]);
    expect(run(20, 0.5, 5).total_interaction_time).toBe(100);
    expect(run(12, 0.9, 40, 'collaboration').total_interaction_time).toBe(480);
  });

  it('deltas are clamped at the scale ends and reported as applied', () => {
    const start = { ...newRelationship(AT), trust: -0.99 };
    const { next, deltas } = applyInteraction(start, { quality: -1, minutes: 30, context: 'conflict', at: AT });
    expect(next.trust).toBe(-1);
    expect(deltas.trust).toBeCloseTo(-0.01, 12);
  });

  it('context deltas scale with duration; unknown contexts (even prototype names) add nothing', () => {
    const once = (context: string, minutes = 30) => axes(applyInteraction(newRelationship(AT), { quality: 0, minutes, context, at: AT }).next);
    expect(once('casual')).toEqual([0.01, 0, 0, 0.02]);
    expect(once('professional')).toEqual([0, 0, 0.02, 0.02]);
    expect(once('collaboration')).toEqual([0, 0.02, 0.02, 0.02]);
    expect(once('deep_conversation')).toEqual([0, 0.01, 0, 0.04]);
    expect(once('conflict', 15)).toEqual([-0.01, -0.02, 0, 0.01]);
    expect(once('constructor')).toEqual(once('conversation'));
    expect(once('toString')).toEqual([0, 0, 0, 0.02]);
  });

  it('out-of-range input: quality is clamped to −1..1, negative minutes count as 0', () => {
    expect(axes(applyInteraction(newRelationship(AT), { quality: 3, minutes: 30, context: 'conversation', at: AT }).next)).toEqual(axes(run(1, 1, 30)));
    const idle = applyInteraction(newRelationship(AT), { quality: 1, minutes: -10, context: 'conversation', at: AT }).next;
    expect(axes(idle)).toEqual([0, 0, 0, 0]);
    expect(idle.total_interaction_time).toBe(0);
    expect(idle.interaction_count).toBe(1);
  });

  it('an unlocked type is recomputed after each update', () => {
    let r: RelationshipState = { ...newRelationship(AT), affinity: 0.9, trust: 0.9, respect: 0.9, familiarity: 0.5, interaction_count: 9 };
    r = applyInteraction(r, { quality: 0, minutes: 0, context: 'conversation', at: AT }).next;
    expect(r.relationship_type).toBe('close_friend');
  });
});

describe('update source helpers', () => {
  it('chat turn: valence as q, 5 minutes, conversation (R4, R5)', () => {
    expect(chatInteraction(0.75, AT)).toEqual({ quality: 0.75, minutes: 5, context: 'conversation', at: AT });
    const r4 = applyInteraction(newRelationship(AT), chatInteraction(0.75, AT)).next;
    expect(relationshipStrength(r4)).toBeCloseTo(0.0049583, 6);
    const r5 = applyInteraction(newRelationship(AT), chatInteraction(-0.8, AT)).next;
    expect(compatibilityScore(r5)).toBeCloseTo(0.006, 6);
    expect(chatInteraction(0.1, AT, 12).minutes).toBe(12);
  });

  it('conversation turn: q = (continue_score − 50)/50, clamped', () => {
    expect(conversationInteraction(90, AT)).toEqual({ quality: 0.8, minutes: 5, context: 'conversation', at: AT });
    expect(conversationInteraction(50, AT).quality).toBe(0);
    expect(conversationInteraction(0, AT).quality).toBe(-1);
    expect(conversationInteraction(130, AT).quality).toBe(1);
  });
});
