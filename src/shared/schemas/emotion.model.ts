import { z } from 'zod';
import { TimestampSchema } from './common.model.ts';
import { EmotionBaselineSchema } from './persona.model.ts';

/** Emotion labels. */
export const EmotionLabelSchema = z.enum(['angry', 'sad', 'anxious', 'tired', 'excited', 'curious', 'content', 'neutral']);
/** Emotion label. */
export type EmotionLabel = z.infer<typeof EmotionLabelSchema>;

/** Stored emotional state of one persona; social battery is derived, not stored. */
export const EmotionalStateSchema = z.object({
  mood: z.number(),
  energy_level: z.number(),
  stress_level: z.number(),
  curiosity: z.number(),
  updated_at: TimestampSchema,
});
/** Stored emotional state. */
export type EmotionalState = z.infer<typeof EmotionalStateSchema>;

/** `EmotionView`: state regenerated to now, label, baseline and battery. */
export const EmotionViewSchema = z.object({
  mood: z.number(),
  energy_level: z.number(),
  stress_level: z.number(),
  curiosity: z.number(),
  social_battery: z.number(),
  emotion: EmotionLabelSchema,
  baseline: EmotionBaselineSchema,
  last_updated: TimestampSchema,
});
/** Emotion view. */
export type EmotionView = z.infer<typeof EmotionViewSchema>;
