// Results of the state.* operations (docs/protocol.md): the operations declare them as their
// output, and the dashboard infers its types from them.
import { z } from 'zod';

/** `state.save` result: the bundle and the connection's state when it was taken. */
export const StateSaveResultSchema = z.object({
  state_saved: z.literal(true), bundle: z.record(z.string(), z.unknown()), bytes: z.number().int(),
  state: z.object({ current_persona_id: z.string().nullable(), current_conversation_id: z.string().nullable(), active_conversations: z.number().int(), timestamp: z.string() }),
});
/** `state.save` result. */
export type StateSaveResult = z.infer<typeof StateSaveResultSchema>;

/** `state.load` result. */
export const StateLoadResultSchema = z.object({
  state_loaded: z.literal(true), persona_id: z.string(), mode: z.enum(['new', 'replace']), counts: z.record(z.string(), z.number().int()),
  warnings: z.array(z.string()), current_persona_id: z.string().nullable(), current_conversation_id: z.string().nullable(),
});
/** `state.load` result. */
export type StateLoadResult = z.infer<typeof StateLoadResultSchema>;
