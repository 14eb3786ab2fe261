// Results of the emotional.* and visual.* operations (docs/protocol.md): the operations
// declare them as their output, and the dashboard infers its types from them.
import { z } from 'zod';
import { EmotionViewSchema } from './emotion.model.ts';
import { VisualStateSchema } from './visual.model.ts';

/** A persona's avatar cues, naming the persona. */
export const PersonaVisualStateSchema = VisualStateSchema.extend({ persona_id: z.string() });
/** A persona's avatar cues, naming the persona. */
export type PersonaVisualState = z.infer<typeof PersonaVisualStateSchema>;

/** `emotional.get_state` result: emotion regenerated to now. */
export const EmotionGetResultSchema = z.object({ persona_id: z.string(), emotional_state: EmotionViewSchema });
/** `emotional.get_state` result. */
export type EmotionGetResult = z.infer<typeof EmotionGetResultSchema>;

/** `emotional.update_state` result. */
export const EmotionUpdateResultSchema = z.object({ success: z.literal(true), message: z.string(), updated_state: EmotionViewSchema });
/** `emotional.update_state` result. */
export type EmotionUpdateResult = z.infer<typeof EmotionUpdateResultSchema>;

/** `visual.get` result: a persona's effective avatar cues. */
export const VisualGetResultSchema = z.object({
  persona_id: z.string(), visual: PersonaVisualStateSchema,
  subscribed: z.boolean(), subscription_id: z.string().optional(),
});
/** `visual.get` result. */
export type VisualGetResult = z.infer<typeof VisualGetResultSchema>;

/** `visual.update` result. */
export const VisualUpdateResultSchema = z.object({
  visual_updated: z.literal(true), update_type: z.string(), timestamp: z.string(),
  visual: PersonaVisualStateSchema,
});
/** `visual.update` result. */
export type VisualUpdateResult = z.infer<typeof VisualUpdateResultSchema>;
