// How a service entry reports ready and stops: once, on SIGINT, SIGTERM, the host's `shutdown`
// message, or the host going away (a child never outlives its host).
import type { HostLink } from './host-link.ts';

/**
 * Sends `ready` with the bound port to the host (or over a bare IPC channel when the service runs
 * standalone, for whoever forked it), then arranges for `shutdown` to run once when it is time to stop.
 */
export function serveUntilStopped(proc: NodeJS.Process, link: HostLink, ready: { service: 'mcp' | 'api'; port: number }, shutdown: () => Promise<void>): void {
  link.send({ type: 'ready', ...ready });
  if (!link.attached && proc.send) proc.send({ type: 'ready', ...ready });
  let stopping = false;
  const stop = () => {
    if (stopping) return;
    stopping = true;
    void shutdown();
  };
  proc.once('SIGINT', stop);
  proc.once('SIGTERM', stop);
  link.onMessage((message) => {
    if (message.type === 'shutdown') stop();
  });
  link.onHostGone(stop);
}
