import type { RelationshipType } from '../../shared/index.ts';
import { clamp } from '../text/text.model.ts';

// Relationships: one directed record per (subject, counterpart), −1..1 scale.

/** The four relationship axes. */
export interface RelationshipAxes {
  affinity: number;
  trust: number;
  respect: number;
  familiarity: number;
}

/** What the update rule reads and writes of a relationship. */
export interface RelationshipState extends RelationshipAxes {
  relationship_type: RelationshipType;
  type_locked: boolean;
  interaction_count: number;
  total_interaction_time: number;
  recent_interaction_quality: number;
  last_interaction: string;
  memorable_moments: { at: string; quality: number; context: string; minutes: number; note?: string }[];
}

/** `relationship_strength`. */
export function relationshipStrength(r: RelationshipAxes): number {
  return 0.4 * r.affinity + 0.3 * r.trust + 0.2 * r.respect + 0.1 * (r.affinity > 0 ? r.familiarity : -r.familiarity);
}

/** `compatibility_score`. */
export function compatibilityScore(r: RelationshipAxes): number {
  const base = 0.3 * Math.abs(r.affinity) + 0.25 * Math.abs(r.trust) + 0.25 * Math.abs(r.respect) + 0.2 * r.familiarity;
  return Math.min(1, base * (r.affinity > 0 && r.trust > 0 ? 1.2 : 1));
}

/** Computed type, first matching type rule (manual-only types are never computed). */
export function classifyRelationship(r: RelationshipAxes & { interaction_count: number }): RelationshipType {
  const s = relationshipStrength(r);
  if (s < -0.7) return 'enemy';
  if (s < -0.3) return 'rival';
  if (r.interaction_count < 3) return 'stranger';
  if (s < 0.5) return 'acquaintance';
  if (s < 0.8) return 'friend';
  return 'close_friend';
}

const CONTEXT_DELTAS: Readonly<Record<string, Partial<RelationshipAxes>>> = {
  casual: { affinity: 0.01 },
  professional: { respect: 0.02 },
  collaboration: { trust: 0.02, respect: 0.02 },
  deep_conversation: { familiarity: 0.02, trust: 0.01 },
  conflict: { trust: -0.04, affinity: -0.02 },
};

/** A fresh relationship at `at` (every axis 0, stranger). */
export function newRelationship(at: string): RelationshipState {
  return {
    affinity: 0, trust: 0, respect: 0, familiarity: 0, relationship_type: 'stranger', type_locked: false, interaction_count: 0,
    total_interaction_time: 0, recent_interaction_quality: 0, last_interaction: at, memorable_moments: [],
  };
}

/** One interaction: quality −1..1, minutes ≥ 0, context (unknown contexts add nothing). */
export interface Interaction {
  quality: number;
  minutes: number;
  context: string;
  at: string;
  note?: string;
}

/** Applies the relationship update rule; returns the new state and the deltas actually applied. */
export function applyInteraction(r: RelationshipState, i: Interaction): { next: RelationshipState; deltas: RelationshipAxes } {
  const q = clamp(i.quality, -1, 1);
  const minutes = Math.max(0, i.minutes);
  const w = Math.min(1, minutes / 30);
  const d: RelationshipAxes = { affinity: 0.05 * q * w, trust: q > 0 ? 0.03 * q * w : q < 0 ? 0.06 * q * w : 0, respect: Math.abs(q) > 0.5 ? 0.04 * q * w : 0, familiarity: 0.02 * w * (1 - r.familiarity) };
  const extra = Object.hasOwn(CONTEXT_DELTAS, i.context) ? (CONTEXT_DELTAS[i.context] as Partial<RelationshipAxes>) : {};
  for (const k of ['affinity', 'trust', 'respect', 'familiarity'] as const) d[k] += (extra[k] ?? 0) * w;
  const axes: RelationshipAxes = {
    affinity: clamp(r.affinity + d.affinity, -1, 1),
    trust: clamp(r.trust + d.trust, -1, 1),
    respect: clamp(r.respect + d.respect, -1, 1),
    familiarity: clamp(r.familiarity + d.familiarity, 0, 1),
  };
  const moments = Math.abs(q) > 0.7
    ? [...r.memorable_moments, { at: i.at, quality: q, context: i.context, minutes, ...(i.note ? { note: i.note } : {}) }].slice(-20)
    : r.memorable_moments;
  const count = r.interaction_count + 1;
  const next: RelationshipState = {
    ...axes,
    relationship_type: r.type_locked ? r.relationship_type : classifyRelationship({ ...axes, interaction_count: count }),
    type_locked: r.type_locked,
    interaction_count: count,
    total_interaction_time: r.total_interaction_time + minutes,
    recent_interaction_quality: q,
    last_interaction: i.at,
    memorable_moments: moments,
  };
  const deltas = {
    affinity: next.affinity - r.affinity, trust: next.trust - r.trust, respect: next.respect - r.respect, familiarity: next.familiarity - r.familiarity,
  };
  return { next, deltas };
}

/** Update source, chat turn: q = valence of the participant's message, `turn_minutes` (5), context conversation. */
export function chatInteraction(valence: number, at: string, turnMinutes = 5): Interaction {
  return { quality: clamp(valence, -1, 1), minutes: turnMinutes, context: 'conversation', at };
}

/** Update source, conversation turn (both directions): q = (continue_score − 50)/50, 5 minutes, context conversation. */
export function conversationInteraction(continueScore: number, at: string, turnMinutes = 5): Interaction {
  return { quality: clamp((continueScore - 50) / 50, -1, 1), minutes: turnMinutes, context: 'conversation', at };
}
