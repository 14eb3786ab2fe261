import { z } from 'zod';
import {
  ParticipantForgetResultSchema, ParticipantGetResultSchema, ParticipantLinkResultSchema, ParticipantListResultSchema,
} from '../../shared/index.ts';
import { defineOperation } from '../operations/operation.ts';
import { getParticipant, listParticipants } from './participant.service.ts';
import { forgetParticipant, linkParticipants } from './participant-link.service.ts';

// The people personas meet, across platforms (docs/memory.md "Who is who"): list, inspect, link two
// identities of one person, forget someone.

const KeySchema = z.string().trim().min(1).max(300).describe('Participant key platform:id, e.g. api:bob or matrix:@bob:example.org; a bare id is on api');

/** `participant.list`: participants across platforms, most recently seen first. */
export const participantList = defineOperation({
  name: 'participant.list',
  summary: 'List the people personas have met, across platforms, most recently seen first; filter by text or platform. Use to find a participant\'s key.',
  scope: 'read', tool: true,
  rest: { method: 'GET', path: '/api/participants' },
  input: z.object({
    query: z.string().trim().min(1).max(128).optional().describe('Text in the key or display name (case-insensitive).'),
    platform: z.string().trim().min(1).max(32).regex(/^[A-Za-z0-9_-]+$/, 'platform must match [a-z0-9_-]').optional().describe('Only participants of this platform.'),
    limit: z.number().int().min(1).max(200).default(50),
    cursor: z.string().min(1).max(512).optional().describe('`next_cursor` of the previous page.'),
  }),
  output: ParticipantListResultSchema,
  example: { params: { query: 'bob', limit: 20 } },
  async handler(ctx, input) {
    return listParticipants(ctx.core.db.manager, input);
  },
});

/** `participant.get`: one participant, its aliases, and what each persona holds about it. */
export const participantGet = defineOperation({
  name: 'participant.get',
  summary: 'Get one participant (an alias resolves to its primary): aliases, each persona\'s relationship and the facts it holds about them. Use to see what personas know about someone.',
  scope: 'read', tool: true,
  // The key goes in the query: participant keys (up to 289 characters) outgrow path parameters.
  rest: { method: 'GET', path: '/api/participant' },
  input: z.object({ key: KeySchema }),
  output: ParticipantGetResultSchema,
  example: { params: { key: 'api:bob' } },
  async handler(ctx, input) {
    return getParticipant(ctx.core.db.manager, input.key);
  },
});

/** `participant.link`: fold a secondary identity into a primary one. */
export const participantLink = defineOperation({
  name: 'participant.link',
  summary: 'Fold a secondary participant key into a primary one: memories, sessions, messages and relationships move over; the secondary becomes an alias. Use when two keys are one person.',
  scope: 'admin', tool: true, destructive: true,
  rest: { method: 'POST', path: '/api/participants/link' },
  input: z.object({ primary: KeySchema.describe('The identity that stays.'), secondary: KeySchema.describe('The identity folded into the primary; it becomes an alias.') }),
  output: ParticipantLinkResultSchema,
  example: { params: { primary: 'matrix:@bob:example.org', secondary: 'api:bob' } },
  async handler(ctx, input) {
    return linkParticipants(ctx.core, input);
  },
});

/** `participant.forget`: hard-delete everything about a participant and its aliases. */
export const participantForget = defineOperation({
  name: 'participant.forget',
  summary: 'Forget a participant and its aliases for good: memories by or about them, facts, sessions, messages, relationships. Use only when the user asks; needs confirm: true.',
  scope: 'admin', tool: true, destructive: true,
  rest: { method: 'POST', path: '/api/participants/forget' },
  input: z.object({
    key: KeySchema,
    confirm: z.literal(true, { error: 'confirm must be true: forgetting cannot be undone' }).describe('Must be true: forgetting cannot be undone.'),
  }),
  output: ParticipantForgetResultSchema,
  example: { params: { key: 'api:dave', confirm: true } },
  async handler(ctx, input) {
    return forgetParticipant(ctx.core, input.key);
  },
});

/** The participant operations, in catalogue order. */
export const PARTICIPANT_OPERATIONS = [participantList, participantGet, participantLink, participantForget] as const;
