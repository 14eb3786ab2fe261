import { z } from 'zod';
import { TimestampSchema } from './common.model.ts';

/** Participant as sent by a caller: who is talking to a persona. */
export const ParticipantInputSchema = z.object({
  id: z.string().min(1).max(256).describe('Id on the platform, e.g. @bob:example.org'),
  display_name: z.string().max(128).optional(),
  platform: z
    .string()
    .min(1)
    .max(32)
    .transform((s) => s.toLowerCase())
    .pipe(z.string().regex(/^[a-z0-9_-]+$/, 'platform must match [a-z0-9_-]'))
    .optional(),
});
/** Participant input. */
export type ParticipantInput = z.infer<typeof ParticipantInputSchema>;

/** Stored participant (docs/memory.md "Who is who"), keyed by `"{platform}:{id}"`. */
export const ParticipantSchema = z.object({
  key: z.string(),
  platform: z.string(),
  external_id: z.string(),
  display_name: z.string(),
  first_seen_at: TimestampSchema,
  last_seen_at: TimestampSchema,
});
/** Stored participant. */
export type Participant = z.infer<typeof ParticipantSchema>;

/** The platform a participant without one is on, whatever the transport (REST, OpenAI-compatible, MCP, CLI). */
export const DEFAULT_PLATFORM = 'api';

/** A participant resolved to its normalised key (docs/memory.md "Who is who"), before any alias is followed. */
export interface ResolvedParticipant {
  key: string;
  platform: string;
  external_id: string;
  display_name: string;
}

/**
 * Resolves a participant input (or none) to its key, platform, id and display name (anonymous rule;
 * docs/memory.md "Who is who"): platform `api` unless named, the id lower-cased on every platform but
 * `matrix`; the display name keeps the caller's spelling. Aliases (linked identities) are followed by the
 * core.
 */
export function resolveParticipant(input: ParticipantInput | undefined): ResolvedParticipant {
  if (!input) return { key: `${DEFAULT_PLATFORM}:anonymous`, platform: DEFAULT_PLATFORM, external_id: 'anonymous', display_name: 'User' };
  const platform = (input.platform ?? DEFAULT_PLATFORM).toLowerCase();
  const external_id = normalizeExternalId(platform, input.id);
  return { key: `${platform}:${external_id}`, platform, external_id, display_name: input.display_name ?? input.id };
}

/** The id as keys hold it: unchanged on `matrix` (ids there are case-sensitive), lower-cased elsewhere. */
export function normalizeExternalId(platform: string, id: string): string {
  return platform.toLowerCase() === 'matrix' ? id : id.toLowerCase();
}

/** `"{platform}:{id}"`, normalised (platform lower-cased; the id too except on `matrix`). */
export function participantKey(platform: string, id: string): string {
  return `${platform.toLowerCase()}:${normalizeExternalId(platform, id)}`;
}

/**
 * A participant key as typed (`API:Dave`, `matrix:@Bob:hs`, a bare `dave`) in its normal form;
 * `persona:` keys are returned as they are.
 */
export function normalizeParticipantKey(text: string): string {
  const colon = text.indexOf(':');
  if (colon <= 0) return participantKey(DEFAULT_PLATFORM, text);
  const platform = text.slice(0, colon);
  if (platform.toLowerCase() === 'persona') return text;
  return participantKey(platform, text.slice(colon + 1));
}

/** `"persona:{id}"`, the entity key of a persona used as a counterpart or witness. */
export function personaKey(personaId: string): string {
  return `persona:${personaId}`;
}
