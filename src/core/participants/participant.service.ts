import type { EntityManager } from 'typeorm';
import {
  AppError, normalizeParticipantKey, resolveParticipant, type ParticipantFact, type ParticipantGetResult, type ParticipantInput,
  type ParticipantListResult, type ResolvedParticipant,
} from '../../shared/index.ts';
import { createRepositories } from '../repositories.ts';
import type { FactRow } from './participant-identity.repository.ts';

// Who is who (docs/memory.md "Who is who"): the normalised key of the shared rule, then the alias a
// linked identity left behind, so a secondary key reaches its primary wherever a participant is named.

/**
 * Resolves a participant input (or none) to the identity it names: the normalised key followed
 * through an alias to its primary; the display name stays what the caller sent.
 */
export function resolveIdentity(em: EntityManager, input: ParticipantInput | undefined): ResolvedParticipant {
  const p = resolveParticipant(input);
  const primary = createRepositories(em).participants.primaryOf(p.key);
  if (!primary) return p;
  const colon = primary.indexOf(':');
  return { key: primary, platform: primary.slice(0, colon), external_id: primary.slice(colon + 1), display_name: p.display_name };
}

/** A participant key (as typed, or from a list such as witnesses) normalised and followed through an alias. */
export function resolveKey(em: EntityManager, key: string): string {
  const normal = normalizeParticipantKey(key);
  if (normal.startsWith('persona:')) return normal;
  return createRepositories(em).participants.primaryOf(normal) ?? normal;
}

/**
 * The participant keys a stored memory names (`witnessed_by`, `subject_key`, `source_key`, the
 * subject part of `fact_key`), normalised and followed through aliases like every other key.
 */
export function resolveMemoryKeys(
  em: EntityManager,
  m: { witnessed_by: string[]; subject_key?: string | null | undefined; source_key?: string | null | undefined; fact_key?: string | null | undefined },
): { witnessed_by: string[]; subject_key?: string | null; source_key?: string | null; fact_key?: string | null } {
  const key = (k: string | null | undefined) => (k ? resolveKey(em, k) : k);
  const bar = m.fact_key ? m.fact_key.indexOf('|') : -1;
  return {
    witnessed_by: [...new Set(m.witnessed_by.map((w) => resolveKey(em, w)))],
    ...(m.subject_key !== undefined ? { subject_key: key(m.subject_key) } : {}),
    ...(m.source_key !== undefined ? { source_key: key(m.source_key) } : {}),
    ...(m.fact_key !== undefined ? { fact_key: m.fact_key && bar > 0 ? `${resolveKey(em, m.fact_key.slice(0, bar))}${m.fact_key.slice(bar)}` : m.fact_key } : {}),
  };
}

/** A participant key validated for the participant.* operations: no persona keys. */
export function requireParticipantKey(key: string, path: string): string {
  const normal = normalizeParticipantKey(key.trim());
  if (normal.startsWith('persona:') || normal.endsWith(':')) {
    throw new AppError('INVALID_PARAMS', `${key} is not a participant key (platform:id)`, { issues: [{ path: [path], code: 'custom', message: 'expected a participant key such as api:bob' }] });
  }
  return normal;
}

const encodeCursor = (seen: string, key: string) => Buffer.from(JSON.stringify([seen, key])).toString('base64url');

function decodeCursor(cursor: string): { last_seen_at: string; key: string } {
  try {
    const v = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown;
    if (Array.isArray(v) && v.length === 2 && typeof v[0] === 'string' && typeof v[1] === 'string') return { last_seen_at: v[0], key: v[1] };
  } catch {
    // reported below
  }
  throw new AppError('INVALID_PARAMS', 'cursor is not one this server gave out', { issues: [{ path: ['cursor'], code: 'custom', message: 'unknown cursor' }] });
}

/** `participant.list`: participants across platforms, most recently seen first, with their aliases. */
export function listParticipants(em: EntityManager, input: { query?: string; platform?: string; limit: number; cursor?: string }): ParticipantListResult {
  const repos = createRepositories(em);
  const { rows, total } = repos.participants.list({
    limit: input.limit + 1,
    ...(input.query ? { query: input.query } : {}),
    ...(input.platform ? { platform: input.platform.toLowerCase() } : {}),
    ...(input.cursor ? { after: decodeCursor(input.cursor) } : {}),
  });
  const page = rows.slice(0, input.limit);
  const last = page[page.length - 1];
  return {
    participants: page.map((p) => ({ ...p, aliases: repos.participants.aliasesOf(p.key).map((a) => a.alias_key) })),
    total,
    next_cursor: rows.length > input.limit && last ? encodeCursor(last.last_seen_at, last.key) : null,
  };
}

function factView(f: FactRow): ParticipantFact {
  const supersededBy = typeof f.metadata.superseded_by === 'string' ? f.metadata.superseded_by : null;
  const status = f.archived_at === null ? 'active' : f.archive_reason === 'superseded' ? 'superseded' : 'archived';
  return {
    id: f.id, content: f.content, fact_key: f.fact_key, source_key: f.source_key, importance: f.importance, created_at: f.created_at,
    status, archived_at: f.archived_at, superseded_by: supersededBy,
  };
}

/** `participant.get`: the participant (an alias resolves to its primary), its aliases, and per persona the relationship and facts held about it. */
export async function getParticipant(em: EntityManager, key: string): Promise<ParticipantGetResult> {
  const repos = createRepositories(em);
  const asked = requireParticipantKey(key, 'key');
  const primary = repos.participants.primaryOf(asked) ?? asked;
  const participant = await repos.participants.get(primary);
  if (!participant) throw new AppError('PARTICIPANT_NOT_FOUND', `No participant ${asked}`, { details: { key: asked } });
  const personas = await repos.personas.list();
  const names = new Map(personas.map((p) => [p.id, p.name]));
  const rels = new Map(repos.identities.relationshipsWith(primary).map((r) => [r.subject_id, r]));
  const facts = new Map<string, ParticipantFact[]>();
  for (const f of repos.identities.factsAbout(primary)) {
    const list = facts.get(f.persona_id) ?? [];
    list.push(factView(f));
    facts.set(f.persona_id, list);
  }
  const ids = [...new Set([...rels.keys(), ...facts.keys()])].sort((a, b) => (names.get(a) ?? a).localeCompare(names.get(b) ?? b));
  return {
    participant,
    resolved_from: primary === asked ? null : asked,
    aliases: repos.participants.aliasesOf(primary).map((a) => ({ key: a.alias_key, linked_at: a.linked_at })),
    personas: ids.map((id) => {
      const r = rels.get(id);
      return {
        persona_id: id, persona_name: names.get(id) ?? id,
        relationship: r ? {
          relationship_type: r.relationship_type, affinity: r.affinity, trust: r.trust, respect: r.respect, familiarity: r.familiarity,
          interaction_count: r.interaction_count, first_meeting: r.first_meeting, last_interaction: r.last_interaction,
        } : null,
        facts: facts.get(id) ?? [],
      };
    }),
    links: repos.participants.linksOf(primary).map((l) => ({ id: l.id, primary_key: l.primary_key, secondary_key: l.secondary_key, linked_at: l.linked_at, counts: l.counts })),
  };
}
