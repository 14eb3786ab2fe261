import { randomUUID } from 'node:crypto';
import {
  AppError, DEFAULT_PLATFORM, isoNow, normalizeExternalId, type DomainEvent, type Participant, type ParticipantForgetResult, type ParticipantLinkResult,
} from '../../shared/index.ts';
import type { CoreContext } from '../core-context.ts';
import { createRepositories, type Repositories } from '../repositories.ts';
import { supersedeFact } from '../memory/fact-consolidation.service.ts';
import { mergeRelationships } from './participant-merge.model.ts';
import { requireParticipantKey } from './participant.service.ts';

// Linking and forgetting participants (docs/memory.md "Who is who"), each one write transaction.

/** Folds every active fact slot of `subject` holding two or more facts into its newest; the rest are archived as superseded. */
async function consolidateSlots(repos: Repositories, subject: string, at: string): Promise<number> {
  const seen = new Map<string, string>();
  let superseded = 0;
  for (const f of repos.identities.duplicateFactSlots(subject)) {
    const slot = `${f.persona_id}\u0000${f.fact_key}`;
    const keep = seen.get(slot);
    if (!keep) {
      seen.set(slot, f.id);
      continue;
    }
    const memory = await repos.memories.get(f.id);
    if (!memory) continue;
    if (await supersedeFact(repos, memory, keep, at)) superseded += 1;
  }
  return superseded;
}

/** What one fold moved, for the result and the audit row. */
interface FoldOutcome {
  moved: Record<string, number>;
  relationships_moved: number;
  relationships_merged: number;
  facts_superseded: number;
  link_id: string;
  personas: Set<string>;
}

/**
 * Folds `secondary` (a stored participant) into `primary` (stored; created from `target` when
 * absent): every reference re-keyed, relationships moved or merged, fact slots consolidated, the
 * secondary row removed, it and its aliases recorded as aliases of the primary, an audit row written.
 */
async function fold(
  repos: Repositories, secondary: Participant, target: { key: string; platform: string; external_id: string }, at: string, alias: boolean,
): Promise<FoldOutcome> {
  const primary = target.key;
  const existing = await repos.participants.get(primary);
  const p: Participant = existing ?? { ...secondary, ...target };
  const moved = repos.identities.rekey(secondary.key, primary, at);
  let relationshipsMoved = 0;
  let relationshipsMerged = 0;
  const personas = new Set<string>();
  for (const rel of repos.identities.relationshipsWith(secondary.key)) {
    const mine = await repos.relationships.get(rel.subject_id, primary);
    await repos.relationships.save(mine ? mergeRelationships(mine, { ...rel, counterpart_key: primary }) : { ...rel, counterpart_key: primary });
    repos.identities.deleteRelationship(rel.subject_id, secondary.key);
    if (mine) relationshipsMerged += 1;
    else relationshipsMoved += 1;
    personas.add(rel.subject_id);
  }
  const factsSuperseded = await consolidateSlots(repos, primary, at);
  repos.participants.delete(secondary.key);
  repos.participants.save({
    ...p,
    first_seen_at: p.first_seen_at <= secondary.first_seen_at ? p.first_seen_at : secondary.first_seen_at,
    last_seen_at: p.last_seen_at >= secondary.last_seen_at ? p.last_seen_at : secondary.last_seen_at,
  });
  repos.participants.repointAliases(secondary.key, primary);
  if (alias) repos.participants.addAlias({ alias_key: secondary.key, primary_key: primary, linked_at: at });
  const counts = { ...moved, relationships_moved: relationshipsMoved, relationships_merged: relationshipsMerged, facts_superseded: factsSuperseded };
  const linkId = randomUUID();
  repos.participants.addLink({ id: linkId, primary_key: primary, secondary_key: secondary.key, counts, linked_at: at });
  return { moved: { ...moved }, relationships_moved: relationshipsMoved, relationships_merged: relationshipsMerged, facts_superseded: factsSuperseded, link_id: linkId, personas };
}

const memoryEvents = (personas: Iterable<string>, at: string, data: Record<string, unknown>): DomainEvent[] =>
  [...personas].map((persona_id) => ({ name: 'memory.changed', persona_id, at, data: { change: 'participant_linked', ...data } }));

/**
 * `participant.link`: folds `secondary` into `primary` — memories, sessions, messages and relationship
 * events re-keyed, relationships of one persona to both merged, facts now sharing a slot consolidated,
 * the secondary (and its own aliases) recorded as aliases of the primary, and an audit row written.
 */
export async function linkParticipants(core: CoreContext, input: { primary: string; secondary: string }): Promise<ParticipantLinkResult> {
  const at = isoNow(core.now());
  const { result, events } = await core.db.transaction(async (em) => {
    const repos = createRepositories(em);
    const askedPrimary = requireParticipantKey(input.primary, 'primary');
    const secondary = requireParticipantKey(input.secondary, 'secondary');
    const primary = repos.participants.primaryOf(askedPrimary) ?? askedPrimary;
    const existingPrimary = repos.participants.primaryOf(secondary);
    if (existingPrimary === primary) throw new AppError('CONFLICT', `${secondary} is already an alias of ${primary}`, { details: { key: secondary, primary } });
    if (existingPrimary) throw new AppError('CONFLICT', `${secondary} is an alias of ${existingPrimary}; link that one instead`, { details: { key: secondary, primary: existingPrimary } });
    if (primary === secondary) {
      throw new AppError('INVALID_PARAMS', 'primary and secondary are the same participant', { issues: [{ path: ['secondary'], code: 'custom', message: 'must differ from primary' }] });
    }
    const p = await repos.participants.get(primary);
    if (!p) throw new AppError('PARTICIPANT_NOT_FOUND', `No participant ${primary}`, { details: { key: primary } });
    const s = await repos.participants.get(secondary);
    if (!s) throw new AppError('PARTICIPANT_NOT_FOUND', `No participant ${secondary}`, { details: { key: secondary } });
    const out = await fold(repos, s, p, at, true);
    return {
      result: {
        success: true as const, primary, secondary, aliases: repos.participants.aliasesOf(primary).map((a) => a.alias_key),
        moved: out.moved, relationships_moved: out.relationships_moved, relationships_merged: out.relationships_merged,
        facts_superseded: out.facts_superseded, link_id: out.link_id,
      },
      events: memoryEvents(out.personas, at, { primary, secondary }),
    };
  });
  for (const e of events) core.events.emit(e);
  return result;
}

/** The key a participant stored by an earlier release has now: platform `mcp`/`openai` → `api`, the id lower-cased outside matrix. */
export function currentKeyOf(p: Pick<Participant, 'key' | 'platform' | 'external_id'>): { key: string; platform: string; external_id: string } {
  const platform = LEGACY_PLATFORMS.has(p.platform) ? DEFAULT_PLATFORM : p.platform.toLowerCase();
  const external_id = normalizeExternalId(platform, p.external_id);
  return { key: `${platform}:${external_id}`, platform, external_id };
}

const LEGACY_PLATFORMS = new Set(['mcp', 'openai']);

/**
 * Brings participants of an earlier release to the current key rule (docs/memory.md "Who is who"): `mcp:bob`,
 * `openai:bob` → `api:bob` (kept as aliases), `api:Carol` → `api:carol`, merged as `participant.link` would
 * when the key is taken. Runs at migration and after state.load; a no-op once done. Returns how many.
 */
export async function foldLegacyParticipants(core: CoreContext): Promise<number> {
  // Every process start comes here: look first, so a data dir with nothing to fold takes no write lock.
  const stale = (repos: Repositories) => repos.participants.nonCurrent([...LEGACY_PLATFORMS]).filter((p) => currentKeyOf(p).key !== p.key);
  if (stale(createRepositories(core.db.manager)).length === 0) return 0;
  const at = isoNow(core.now());
  return core.db.transaction(async (em) => {
    const repos = createRepositories(em);
    let n = 0;
    for (const p of stale(repos)) {
      const target = currentKeyOf(p);
      await fold(repos, p, target, at, target.platform !== p.platform);
      n += 1;
    }
    return n;
  });
}

/**
 * `participant.forget`: hard-deletes everything by or about the participant and its aliases (memories
 * active and archived, facts, embeddings, sessions, messages, relationships, alias and link rows) and
 * removes the keys from every `witnessed_by`, observer list and memory metadata. Cannot be undone.
 */
export async function forgetParticipant(core: CoreContext, key: string): Promise<ParticipantForgetResult> {
  const result = await core.db.transaction(async (em) => {
    const repos = createRepositories(em);
    const asked = requireParticipantKey(key, 'key');
    const primary = repos.participants.primaryOf(asked) ?? asked;
    const keys = [primary, ...repos.participants.aliasesOf(primary).map((a) => a.alias_key)];
    const found = (await repos.participants.get(primary)) !== null;
    const counts = repos.identities.forget(keys);
    let participants = 0;
    for (const k of keys) if (repos.participants.delete(k)) participants += 1;
    const aliases = repos.participants.deleteAliases(keys);
    const links = repos.participants.deleteLinks(keys);
    return { success: true as const, key: primary, keys, participant_found: found, deleted: { ...counts, participants, aliases, links } };
  });
  // Open views refresh; the event names no key (the person is forgotten).
  core.events.emit({ name: 'memory.changed', persona_id: null, at: isoNow(core.now()), data: { change: 'participant_forgotten', deleted: result.deleted } });
  return result;
}
