// Short `m.notice` messages the bot sends on its own, never silence: that it cannot read a room's
// encrypted messages (once per room, remembered across restarts), and that it is getting too many
// direct messages (once per room and minute).
import type { ModuleLogger } from '../../core/index.ts';
import type { UndecryptableEvent } from './matrix-transport.ts';

/** Text of the rate-limit notice in a direct room. */
export const BUSY_NOTICE = "I'm getting a lot of messages — give me a moment.";

/** The notice of a room whose encrypted messages the bot cannot read. */
export function undecryptableNotice(reason: string): string {
  if (reason.startsWith('encryption is off')) {
    return "I can't read encrypted messages: end-to-end encryption is turned off for this bot. Please write to me in an unencrypted room, or ask my operator to turn encryption on.";
  }
  return "I couldn't decrypt a message in this room, so I can't answer it. My device may not have received the message's keys; sending it again usually helps.";
}

/** What the notices need of the bot. */
export interface BotNoticesDeps {
  log: ModuleLogger;
  /** Sends an `m.notice` (plain text) to a room. */
  sendNotice(roomId: string, text: string): Promise<void>;
  /** Rooms already notified about unreadable messages, and how to remember one more. */
  notifiedRooms(): readonly string[];
  rememberNotified(roomId: string): void;
  now: () => number;
}

/** The bot's notices. */
export interface BotNotices {
  /** Logs why the event is unreadable and tells the room once. */
  undecryptable(event: UndecryptableEvent): void;
  /** Tells a direct room the bot is busy, at most once a minute per room. */
  busy(roomId: string): void;
}

/** Creates the notices of one bot. */
export function createBotNotices(deps: BotNoticesDeps): BotNotices {
  const busySent = new Map<string, number>();
  const pending = new Set<string>();
  return {
    undecryptable(event) {
      deps.log.warn({ room_id: event.room_id, event_id: event.event_id, sender: event.sender, reason: event.reason }, 'cannot read an encrypted message');
      if (deps.notifiedRooms().includes(event.room_id) || pending.has(event.room_id)) return;
      pending.add(event.room_id);
      deps.sendNotice(event.room_id, undecryptableNotice(event.reason))
        .then(() => {
          deps.rememberNotified(event.room_id);
          deps.log.info({ room_id: event.room_id, reason: event.reason }, 'told the room its encrypted messages cannot be read');
        })
        .catch((err: unknown) => deps.log.warn({ err, room_id: event.room_id }, 'cannot send the encryption notice'))
        .finally(() => pending.delete(event.room_id));
    },
    busy(roomId) {
      const t = deps.now();
      if (t - (busySent.get(roomId) ?? -Infinity) < 60_000) return;
      busySent.set(roomId, t);
      deps.sendNotice(roomId, BUSY_NOTICE).catch((err: unknown) => deps.log.warn({ err, room_id: roomId }, 'cannot send the busy notice'));
    },
  };
}
