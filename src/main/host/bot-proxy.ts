// The host's stable view of the bot supervisor: callers (the desktop tray, the request router) hold
// this proxy from the start, while the real controller is attached once the services are up (bots
// need the mcp service's URL). Without a controller every action rejects with HOST_NOT_ATTACHED.
import { AppError, type BotLogLine, type BotStatus } from '../../shared/index.ts';
import type { BotController } from './bot-controller.ts';

/** A BotController that delegates to the attached one; `attach` returns the detach function. */
export interface BotProxy extends BotController {
  /** The attached controller, or null. */
  current(): BotController | null;
  attach(controller: BotController): () => void;
}

const unavailable = (): never => {
  throw new AppError('HOST_NOT_ATTACHED', 'bots are not available in this host');
};

/** Creates the proxy with no controller attached. */
export function createBotProxy(): BotProxy {
  let target: BotController | null = null;
  let unsubscribe: (() => void)[] = [];
  const statusListeners = new Set<(status: BotStatus) => void>();
  const logListeners = new Set<(line: BotLogLine) => void>();
  const use = async <T>(run: (c: BotController) => Promise<T>): Promise<T> => run(target ?? unavailable());
  return {
    current: () => target,
    attach(controller) {
      for (const off of unsubscribe) off();
      target = controller;
      unsubscribe = [
        controller.onStatus((s) => {
          for (const l of [...statusListeners]) l(s);
        }),
        controller.onLog((line) => {
          for (const l of [...logListeners]) l(line);
        }),
      ];
      return () => {
        if (target !== controller) return;
        for (const off of unsubscribe) off();
        unsubscribe = [];
        target = null;
      };
    },
    list: () => (target ? target.list() : Promise.resolve([])),
    status: (id) => use((c) => c.status(id)),
    start: (id) => use((c) => c.start(id)),
    stop: (id) => use((c) => c.stop(id)),
    restart: (id) => use((c) => c.restart(id)),
    // No controller, no bot process of this host: nothing to stop.
    stopForDelete: (id) => (target ? target.stopForDelete(id) : Promise.resolve({ persona_id: id, stopped: false })),
    logs: (id, limit) => use((c) => c.logs(id, limit)),
    startAll: () => use((c) => c.startAll()),
    stopAll: () => use((c) => c.stopAll()),
    startOnLaunch: () => (target ? target.startOnLaunch() : Promise.resolve()),
    onStatus(listener) {
      statusListeners.add(listener);
      return () => statusListeners.delete(listener);
    },
    onLog(listener) {
      logListeners.add(listener);
      return () => logListeners.delete(listener);
    },
    shutdown: () => (target ? target.shutdown() : Promise.resolve()),
    relayEvent: (event) => target?.relayEvent?.(event),
  };
}
