// Persistent state of one bot (storage behind an interface): the last sync token whose
// events were all handled, and the event ids already handled (answered or declined), so a restart
// never answers twice nor late.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { writeOwnerOnlyFile } from '../../core/index.ts';

/** What a bot persists between runs. */
export const BotStateSchema = z.object({
  sync_token: z.string().nullable().default(null),
  /** Event ids handled for good: answered, or deliberately not answered (policy, rate limit, loop guard). */
  answered: z.array(z.string()).default([]),
  /** The device of the last session (a password login reuses it, so the bot keeps its keys). */
  device_id: z.string().nullable().default(null),
  /** Rooms already told that the bot cannot read their encrypted messages (once per room). */
  notified_rooms: z.array(z.string()).default([]),
  updated_at: z.string().nullable().default(null),
});
/** What a bot persists between runs. */
export type BotState = z.infer<typeof BotStateSchema>;

/** Storage of a bot's state (a JSON file in production, memory in unit tests). */
export interface BotStateStore {
  load(): BotState;
  save(state: BotState): void;
}

/** Answered event ids kept (oldest dropped first). */
export const MAX_ANSWERED = 2000;

/** The state file of a persona's bot: `<data dir>/bots/<persona_id>/state.json`. */
export function botStateFile(dataDir: string, personaId: string): string {
  return join(dataDir, 'bots', personaId, 'state.json');
}

/** A JSON file store; writes are atomic and owner-only (no torn file on a crash). */
export function createJsonBotStateStore(file: string): BotStateStore {
  return {
    load() {
      try {
        return BotStateSchema.parse(JSON.parse(readFileSync(file, 'utf8')));
      } catch {
        return BotStateSchema.parse({});
      }
    },
    save(state) {
      writeOwnerOnlyFile(file, JSON.stringify({ ...state, answered: state.answered.slice(-MAX_ANSWERED) }));
    },
  };
}

/** An in-memory store (tests). */
export function createMemoryBotStateStore(initial: Partial<BotState> = {}): BotStateStore & { current: BotState } {
  const store = {
    current: BotStateSchema.parse(initial),
    load: () => structuredClone(store.current),
    save(state: BotState) {
      store.current = structuredClone(state);
    },
  };
  return store;
}
