import { z } from 'zod';
import { TimestampSchema } from './common.model.ts';

/** Participant as sent by a caller (protocol.md §4): who is talking to a persona. */
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

/** Stored participant (intelligence.md §2.3), keyed by `"{platform}:{id}"`. */
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

/** The transport platform a participant defaults to: `mcp` on MCP transports, `api` on REST. */
export type TransportPlatform = 'mcp' | 'api';

/** Resolves a participant input (or none) to its key, platform, id and display name (§2.3 anonymous rule). */
export function resolveParticipant(
  input: ParticipantInput | undefined,
  transport: TransportPlatform,
): { key: string; platform: string; external_id: string; display_name: string } {
  if (!input) return { key: `${transport}:anonymous`, platform: transport, external_id: 'anonymous', display_name: 'User' };
  const platform = input.platform ?? transport;
  return {
    key: participantKey(platform, input.id),
    platform,
    external_id: input.id,
    display_name: input.display_name ?? input.id,
  };
}

/** `"{platform}:{id}"`. */
export function participantKey(platform: string, id: string): string {
  return `${platform}:${id}`;
}

/** `"persona:{id}"`, the entity key of a persona used as a counterpart or witness. */
export function personaKey(personaId: string): string {
  return `persona:${personaId}`;
}
