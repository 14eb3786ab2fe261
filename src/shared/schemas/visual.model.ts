import { z } from 'zod';
import { TimestampSchema } from './common.model.ts';

const tag = z.string().min(1).max(32);

/** Avatar cues of one persona, the effective state a game client renders. */
export const VisualStateSchema = z.object({
  expression: z.string(),
  expression_source: z.enum(['auto', 'manual']),
  expression_asset: z.object({ uri: z.string(), name: z.string() }).nullable(),
  gesture: z.string().nullable(),
  gesture_seq: z.number().int(),
  gesture_expires_at: TimestampSchema.nullable(),
  animation_tags: z.array(z.string()),
  gaze_target: z.string().nullable(),
  intensity: z.number(),
  speaking: z.boolean(),
  manual_until: TimestampSchema.nullable(),
  updated_at: TimestampSchema,
});
/** Visual state. */
export type VisualState = z.infer<typeof VisualStateSchema>;

/** Manual cue fields a caller may set with `visual.update`. */
export const VisualManualFieldsSchema = z.object({
  expression: tag.regex(/^[a-z0-9_-]+$/, 'expression must match [a-z0-9_-]').optional(),
  gesture: tag.optional(),
  animation_tags: z.array(tag).max(16).optional(),
  gaze_target: z.string().max(256).nullable().optional(),
  intensity: z.number().min(0).max(1).optional(),
  speaking: z.boolean().optional(),
});
/** Manual visual fields. */
export type VisualManualFields = z.infer<typeof VisualManualFieldsSchema>;

/**
 * What is persisted per persona: the auto-derived cues, the manual overrides and gesture bookkeeping.
 * The effective `VisualState` is computed from it at read time (manual expiry, gesture expiry).
 */
export const VisualRecordSchema = z.object({
  auto: z.object({
    expression: z.string(),
    intensity: z.number(),
    gaze_target: z.string().nullable(),
    speaking: z.boolean(),
    tags: z.array(z.string()),
  }),
  manual: VisualManualFieldsSchema.omit({ gesture: true }),
  manual_until: TimestampSchema.nullable(),
  gesture: z.string().nullable(),
  gesture_source: z.enum(['auto', 'manual']),
  gesture_seq: z.number().int(),
  gesture_expires_at: TimestampSchema.nullable(),
  updated_at: TimestampSchema,
});
/** Persisted visual record. */
export type VisualRecord = z.infer<typeof VisualRecordSchema>;
