// The host side of the IPC channel, in-test (the outer edge of the api service): answers
// `host-request`s like the host's bot controller would and pushes host messages.
import type { BotStatus, ChildMessage, HostMessage } from '../../../src/shared/index.ts';
import type { IpcPort } from '../../../src/services/runtime/index.ts';

/** A bot status as the host's supervisor reports it. */
export function botStatus(personaId: string, state: BotStatus['state'] = 'running'): BotStatus {
  return { persona_id: personaId, state, pid: state === 'running' ? 4242 : null, started_at: state === 'running' ? '2026-11-25T12:00:00.000Z' : null, uptime_ms: 1000, restarts: 0, last_error: null, synced: state === 'running', autostart: false };
}

/** The fake host: the port to hand to createHostLink, what the child sent, and a way to push messages. */
export interface FakeHost {
  port: IpcPort;
  requests: Extract<ChildMessage, { type: 'host-request' }>[];
  push(message: HostMessage): void;
}

/** Creates a host that answers bot.* requests from `answer` (throw an object `{code, message}` to fail). */
export function createFakeHost(answer: (action: string, params: Record<string, unknown>) => unknown): FakeHost {
  const listeners = new Set<(m: unknown) => void>();
  const requests: FakeHost['requests'] = [];
  const push = (message: HostMessage) => {
    for (const l of [...listeners]) l(message);
  };
  const port: IpcPort = {
    send(raw) {
      const message = raw as ChildMessage;
      if (message.type !== 'host-request') return;
      requests.push(message);
      setImmediate(() => {
        try {
          push({ type: 'host-response', id: message.id, ok: true, result: answer(message.action, message.params) });
        } catch (err) {
          const e = err as { code: 'BOT_NOT_CONFIGURED'; message: string };
          push({ type: 'host-response', id: message.id, ok: false, error: { code: e.code, message: e.message } });
        }
      });
    },
    onMessage(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
  return { port, requests, push };
}
