// Which process owns the jobs (ADR 0008), and the owner's answers to relayed job actions.
import { describe, expect, it } from 'vitest';
import { createJobRegistry, type CoreContext } from '../../../../src/core/index.ts';
import { answerJobRequests, createHostLink, jobOwnership, type IpcPort } from '../../../../src/services/runtime/index.ts';

/** An IPC port the test plays the host on. */
function hostPort() {
  const listeners = new Set<(m: unknown) => void>();
  const sent: unknown[] = [];
  const port: IpcPort = {
    send: (m) => sent.push(m),
    onMessage(l) {
      listeners.add(l);
      return () => listeners.delete(l);
    },
  };
  return { port, sent, deliver: (m: unknown) => { for (const l of [...listeners]) l(m); } };
}
const tick = () => new Promise((r) => setImmediate(r));

describe('job ownership of a service', () => {
  it('owns its jobs alone or when the host says own; forwards through the host when it says host', async () => {
    expect(jobOwnership({}, createHostLink(null)).owner).toBe(true);
    expect(jobOwnership({ PERSONA_MCP_JOBS: 'host' }, createHostLink(null)).owner).toBe(true);
    expect(jobOwnership({ PERSONA_MCP_JOBS: 'own' }, createHostLink(hostPort().port)).owner).toBe(true);
    const host = hostPort();
    const forwarded = jobOwnership({ PERSONA_MCP_JOBS: 'host' }, createHostLink(host.port));
    if (forwarded.owner) throw new Error('expected a forwarder');
    void forwarded.forward('jobs.stop', { job: 'decay' }).catch(() => {});
    expect(host.sent).toEqual([expect.objectContaining({ type: 'host-request', action: 'jobs.stop', params: { job: 'decay' } })]);
  });

  it('the owner answers job-requests with job-responses, errors in IPC form; a non-owner ignores them', async () => {
    const host = hostPort();
    const jobs = createJobRegistry({ ownership: { owner: true }, pid: 3 });
    let on = false;
    jobs.register({ name: 'decay', enabled: () => true, start: () => { const w = on; on = true; return w; }, stop: () => { const w = on; on = false; return w; }, running: () => on, nextRunAt: () => null });
    const stop = answerJobRequests({ jobs } as unknown as CoreContext, createHostLink(host.port));
    host.deliver({ type: 'job-request', id: 'r1', action: 'jobs.start', params: { job: 'decay' } });
    host.deliver({ type: 'job-request', id: 'r2', action: 'jobs.stop', params: { job: 'other' } });
    await tick();
    expect(host.sent).toEqual([
      { type: 'job-response', id: 'r1', ok: true, result: { changed: true, state: { name: 'decay', running: true, enabled: true, next_run_at: null, owner_pid: 3 } } },
      { type: 'job-response', id: 'r2', ok: false, error: expect.objectContaining({ code: 'INVALID_PARAMS' }) },
    ]);
    stop();
    const elsewhere = hostPort();
    const forwarding = createJobRegistry({ ownership: { owner: false, forward: async () => ({}) } });
    answerJobRequests({ jobs: forwarding } as unknown as CoreContext, createHostLink(elsewhere.port));
    elsewhere.deliver({ type: 'job-request', id: 'r3', action: 'jobs.status', params: {} });
    await tick();
    expect(elsewhere.sent).toEqual([]);
  });
});
