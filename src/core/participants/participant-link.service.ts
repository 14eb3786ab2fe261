import { randomUUID } from 'node:crypto';
import { AppError, isoNow, type DomainEvent, type ParticipantForgetResult, type ParticipantLinkResult } from '../../shared/index.ts';
import type { CoreContext } from '../core-context.ts';
import { createRepositories, type Repositories } from '../repositories.ts';
import { mergeRelationships } from './participant-merge.model.ts';
import { requireParticipantKey } from './participant.service.ts';

// Linking and forgetting participants (docs/memory.md, "Identity"), each one write transaction.

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
    await repos.memories.save({ ...memory, metadata: { ...memory.metadata, superseded_by: keep } });
    if (await repos.memories.archive(f.id, { archived_at: at, archive_reason: 'superseded', prune_score: null, run_id: null })) superseded += 1;
  }
  return superseded;
}

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

    const moved = repos.identities.rekey(secondary, primary, at);
    let relationshipsMoved = 0;
    let relationshipsMerged = 0;
    const touched = new Set<string>();
    for (const rel of repos.identities.relationshipsWith(secondary)) {
      const mine = await repos.relationships.get(rel.subject_id, primary);
      await repos.relationships.save(mine ? mergeRelationships(mine, { ...rel, counterpart_key: primary }) : { ...rel, counterpart_key: primary });
      repos.identities.deleteRelationship(rel.subject_id, secondary);
      if (mine) relationshipsMerged += 1;
      else relationshipsMoved += 1;
      touched.add(rel.subject_id);
    }
    const factsSuperseded = await consolidateSlots(repos, primary, at);
    repos.participants.save({
      ...p,
      first_seen_at: p.first_seen_at <= s.first_seen_at ? p.first_seen_at : s.first_seen_at,
      last_seen_at: p.last_seen_at >= s.last_seen_at ? p.last_seen_at : s.last_seen_at,
    });
    repos.participants.delete(secondary);
    repos.participants.repointAliases(secondary, primary);
    repos.participants.addAlias({ alias_key: secondary, primary_key: primary, linked_at: at });
    const counts = { ...moved, relationships_moved: relationshipsMoved, relationships_merged: relationshipsMerged, facts_superseded: factsSuperseded };
    const linkId = randomUUID();
    repos.participants.addLink({ id: linkId, primary_key: primary, secondary_key: secondary, counts, linked_at: at });
    const out: DomainEvent[] = [...touched].map((persona_id) => ({ name: 'memory.changed', persona_id, at, data: { change: 'participant_linked', primary, secondary } }));
    return {
      result: {
        success: true as const, primary, secondary, aliases: repos.participants.aliasesOf(primary).map((a) => a.alias_key),
        moved: { ...moved }, relationships_moved: relationshipsMoved, relationships_merged: relationshipsMerged, facts_superseded: factsSuperseded, link_id: linkId,
      },
      events: out,
    };
  });
  for (const e of events) core.events.emit(e);
  return result;
}

/**
 * `participant.forget`: hard-deletes, for the participant and its aliases, the memories sourced by
 * or about them (active and archived, facts included, with their embeddings), their sessions and
 * messages, relationships and their events, the participant, alias and link rows; removes the keys
 * from every `witnessed_by`, conversation observer list and memory metadata. Cannot be undone.
 */
export async function forgetParticipant(core: CoreContext, key: string): Promise<ParticipantForgetResult> {
  return core.db.transaction(async (em) => {
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
}
