// The child side of the host's IPC channel (docs/architecture.md "Processes"): relays domain events both ways
// and lets a service ask the host for things only it owns (bot processes). Works the same under
// child_process.fork (process.send) and Electron's utilityProcess (parentPort), behind `IpcPort`.
import {
  AppError, ChildMessageSchema, HostMessageSchema, createPendingCalls,
  type ChildMessage, type HostAction, type HostMessage,
} from '../../shared/index.ts';
import { getLogger, type CoreContext } from '../../core/index.ts';

const log = getLogger('host-link');

/** The minimal IPC surface of a child process (process under fork, parentPort in Electron). */
export interface IpcPort {
  send(message: unknown): void;
  onMessage(listener: (message: unknown) => void): () => void;
  /** Called once when the channel to the host closes (the host exited or was killed). */
  onDisconnect?(listener: () => void): void;
}

/** A child's link to its host; `attached` is false when the service runs alone. */
export interface HostLink {
  readonly attached: boolean;
  /** Sends a message to the host (dropped when not attached). */
  send(message: ChildMessage): void;
  /** Asks the host to do `action`; rejects with HOST_NOT_ATTACHED alone, TIMEOUT after `timeoutMs`. */
  request(action: HostAction, params?: Record<string, unknown>, timeoutMs?: number): Promise<unknown>;
  /** Listens to validated host messages; returns the function that stops listening. */
  onMessage(listener: (message: HostMessage) => void): () => void;
  /** Called when the host goes away: a supervised child stops then, never outliving its host. */
  onHostGone(listener: () => void): void;
  close(): void;
}

/** Creates the link over `port`, or a detached link when `port` is null. */
export function createHostLink(port: IpcPort | null): HostLink {
  const listeners = new Set<(message: HostMessage) => void>();
  const pending = createPendingCalls<string>();
  const stop = port?.onMessage((raw) => {
    const parsed = HostMessageSchema.safeParse(raw);
    if (!parsed.success) {
      log.warn({ issues: parsed.error.issues.slice(0, 3) }, 'invalid message from host dropped');
      return;
    }
    const message = parsed.data;
    if (message.type === 'host-response') {
      pending.settle(message.id, () => {
        if (message.ok) return message.result;
        throw new AppError(message.error?.code ?? 'INTERNAL_ERROR', message.error?.message ?? 'host request failed', { details: message.error?.details });
      });
      return;
    }
    for (const listener of [...listeners]) listener(message);
  });
  return {
    attached: port !== null,
    send(message) {
      if (port) port.send(ChildMessageSchema.parse(message));
    },
    request(action, params = {}, timeoutMs = 10_000) {
      if (!port) {
        return Promise.reject(new AppError('HOST_NOT_ATTACHED', `${action} needs the host: start with \`persona-mcp --server\` or the desktop app`, { details: { action } }));
      }
      return pending.open({
        meta: action,
        timeoutMs,
        send: (id) => {
          port.send({ type: 'host-request', id, action, params } satisfies ChildMessage);
          return true;
        },
        timeoutError: () => new AppError('TIMEOUT', `the host did not answer ${action} within ${timeoutMs} ms`, { details: { action, timeout_ms: timeoutMs } }),
      });
    },
    onMessage(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    onHostGone(listener) {
      port?.onDisconnect?.(listener);
    },
    close() {
      stop?.();
      pending.failAll(() => new AppError('HOST_NOT_ATTACHED', 'the link to the host closed'));
      listeners.clear();
    },
  };
}

/**
 * Relays domain events between this child's core and the host: events produced here are stamped
 * with `origin` and sent up; events relayed down are re-emitted locally and never sent back.
 * Returns the function that stops relaying.
 */
export function relayDomainEvents(core: CoreContext, link: HostLink, origin: string): () => void {
  if (!link.attached) return () => {};
  const unsubscribe = core.events.subscribe((event) => {
    if (event.origin !== undefined && event.origin !== origin) return;
    link.send({ type: 'event', event: { ...event, origin } });
  });
  const stopListening = link.onMessage((message) => {
    if (message.type === 'event' && message.event.origin !== origin) core.events.emit(message.event);
  });
  return () => {
    unsubscribe();
    stopListening();
  };
}

/** The IPC port of a process started with `child_process.fork`, or null when there is none. */
export function forkIpcPort(proc: NodeJS.Process): IpcPort | null {
  if (typeof proc.send !== 'function') return null;
  return {
    send: (message) => {
      if (proc.connected) proc.send?.(message);
    },
    onMessage(listener) {
      proc.on('message', listener);
      return () => proc.off('message', listener);
    },
    onDisconnect(listener) {
      proc.once('disconnect', listener);
    },
  };
}

interface ParentPortLike {
  postMessage(message: unknown): void;
  on(event: 'message', listener: (e: { data: unknown }) => void): unknown;
  off(event: 'message', listener: (e: { data: unknown }) => void): unknown;
}

/** The IPC port of an Electron utility process (`process.parentPort`), or null elsewhere. */
export function parentPortIpcPort(proc: NodeJS.Process): IpcPort | null {
  const port = (proc as NodeJS.Process & { parentPort?: ParentPortLike }).parentPort;
  if (!port) return null;
  return {
    send: (message) => port.postMessage(message),
    onMessage(listener) {
      const handler = (event: { data: unknown }) => listener(event.data);
      port.on('message', handler);
      return () => port.off('message', handler);
    },
  };
}

/** The IPC port to the host under either launcher, or null when the service runs alone. */
export function hostIpcPort(proc: NodeJS.Process): IpcPort | null {
  return forkIpcPort(proc) ?? parentPortIpcPort(proc);
}
