// The host's job relay (ADR 0008): it names the owner, passes job actions to it and its validated
// answers back, and fails fast when the owner is not running or does not answer.
import { describe, expect, it } from 'vitest';
import { chooseJobOwner, createJobRelay, jobsEnv } from '../../../../src/main/host/job-relay.ts';
import type { HostMessage } from '../../../../src/shared/index.ts';

const state = { name: 'decay', running: false, enabled: false, next_run_at: null, owner_pid: 5 };

describe('job owner choice', () => {
  it('is the first service the host runs (mcp, else api); the others forward', () => {
    expect(chooseJobOwner(['mcp', 'api'])).toBe('mcp');
    expect(chooseJobOwner(['api'])).toBe('api');
    expect(chooseJobOwner([])).toBeNull();
    expect([jobsEnv('mcp', 'mcp'), jobsEnv('api', 'mcp'), jobsEnv('api', null)]).toEqual(['own', 'host', 'host']);
  });
});

describe('job relay', () => {
  it('sends a job-request to the owner and resolves with its validated answer', async () => {
    const sent: HostMessage[] = [];
    const relay = createJobRelay({ sendToOwner: (m) => { sent.push(m); return true; } });
    const answer = relay.ask('jobs.stop', { job: 'decay' });
    const request = sent[0] as Extract<HostMessage, { type: 'job-request' }>;
    expect(request).toMatchObject({ type: 'job-request', action: 'jobs.stop', params: { job: 'decay' } });
    relay.onResponse({ type: 'job-response', id: 'unknown', ok: true, result: {} });
    relay.onResponse({ type: 'job-response', id: request.id, ok: true, result: { changed: true, state } });
    await expect(answer).resolves.toEqual({ changed: true, state });
  });

  it('passes the owner\'s error on and rejects an answer of the wrong shape', async () => {
    const sent: HostMessage[] = [];
    const relay = createJobRelay({ sendToOwner: (m) => { sent.push(m); return true; } });
    const failing = relay.ask('jobs.start', { job: 'nope' });
    const malformed = relay.ask('jobs.status', {});
    const [a, b] = sent as Extract<HostMessage, { type: 'job-request' }>[];
    relay.onResponse({ type: 'job-response', id: a!.id, ok: false, error: { code: 'INVALID_PARAMS', message: 'no background job named nope' } });
    relay.onResponse({ type: 'job-response', id: b!.id, ok: true, result: { decay: { running: 'yes' } } });
    await expect(failing).rejects.toMatchObject({ code: 'INVALID_PARAMS', message: 'no background job named nope' });
    await expect(malformed).rejects.toMatchObject({ code: 'INTERNAL_ERROR' });
  });

  it('says JOBS_UNAVAILABLE when the owner is not running, does not answer in time, or goes away', async () => {
    const down = createJobRelay({ sendToOwner: () => false });
    await expect(down.ask('jobs.status', {})).rejects.toMatchObject({ code: 'JOBS_UNAVAILABLE', message: 'the job owner is not running' });
    const silent = createJobRelay({ sendToOwner: () => true, timeoutMs: 20 });
    await expect(silent.ask('jobs.status', {})).rejects.toMatchObject({ code: 'JOBS_UNAVAILABLE' });
    const leaving = createJobRelay({ sendToOwner: () => true });
    const pending = leaving.ask('jobs.stop', { job: 'decay' });
    leaving.failAll('is backoff');
    await expect(pending).rejects.toMatchObject({ code: 'JOBS_UNAVAILABLE', message: 'the job owner is backoff' });
  });
});
