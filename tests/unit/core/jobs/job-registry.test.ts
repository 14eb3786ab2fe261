// The job registry (ADR 0008): the owner runs its jobs; a non-owner forwards every call, checks
// the owner's answer and never runs a job of its own.
import { describe, expect, it } from 'vitest';
import { createJobRegistry, type BackgroundJob, type JobForwarder } from '../../../../src/core/index.ts';
import type { JobAction } from '../../../../src/shared/index.ts';

/** A job whose timer is a flag; `enabled` stands for the saved setting. */
function flagJob(name: string, enabled = true) {
  const job = {
    name, on: false, enabledFlag: enabled, starts: 0,
    enabled: () => job.enabledFlag,
    start() { const was = job.on; job.on = true; job.starts += 1; return was; },
    stop() { const was = job.on; job.on = false; return was; },
    running: () => job.on,
    nextRunAt: () => (job.on ? '2030-01-01T00:00:00.000Z' : null),
  };
  return job satisfies BackgroundJob;
}

describe('job registry in the owner', () => {
  it('starts and stops its jobs here and reports them with its pid', async () => {
    const jobs = createJobRegistry({ ownership: { owner: true }, pid: 42 });
    const decay = flagJob('decay');
    jobs.register(decay);
    expect(await jobs.start('decay')).toEqual({ changed: true, state: { name: 'decay', running: true, enabled: true, next_run_at: '2030-01-01T00:00:00.000Z', owner_pid: 42 } });
    expect((await jobs.start('decay')).changed).toBe(false);
    expect(await jobs.stop('decay')).toMatchObject({ changed: true, state: { running: false, next_run_at: null } });
    expect(decay.on).toBe(false);
    await expect(jobs.state('nope')).rejects.toMatchObject({ code: 'INVALID_PARAMS' });
    expect(() => jobs.register(flagJob('decay'))).toThrow(/twice/);
  });

  it('serve starts enabled jobs; reconcile follows the saved setting only once serving', () => {
    const jobs = createJobRegistry({ ownership: { owner: true } });
    const on = flagJob('decay', true);
    const off = flagJob('retention', false);
    jobs.register(on);
    jobs.register(off);
    jobs.reconcile();
    expect(on.on).toBe(false); // a one-shot process (CLI call) never starts jobs by itself
    jobs.serve();
    expect([on.on, off.on]).toEqual([true, false]);
    on.enabledFlag = false;
    off.enabledFlag = true;
    jobs.reconcile();
    expect([on.on, off.on]).toEqual([false, true]);
    jobs.stopAll();
    expect(off.on).toBe(false);
  });

  it('answers forwarded actions after applying saved settings, and reconciles after the action, not before', async () => {
    const decay = flagJob('decay', true);
    decay.on = true;
    const jobs = createJobRegistry({
      ownership: { owner: true }, pid: 7,
      beforeAnswer: () => { decay.enabledFlag = false; return true; },
    });
    jobs.register(decay);
    jobs.serve();
    // The stop reports that it stopped the job, though the applied setting would have stopped it too.
    expect(await jobs.answer('jobs.stop', { job: 'decay' })).toMatchObject({ changed: true, state: { running: false, owner_pid: 7 } });
    await expect(jobs.answer('jobs.start', { job: '' })).rejects.toMatchObject({ code: 'INVALID_PARAMS' });
    expect(await jobs.answer('jobs.status', {})).toEqual({ decay: expect.objectContaining({ running: false, enabled: false }) });
  });
});

describe('job registry elsewhere (not the owner)', () => {
  const ownerState = { name: 'decay', running: true, enabled: true, next_run_at: '2030-01-01T00:00:00.000Z', owner_pid: 99 };

  it('forwards start, stop and status to the owner and never runs its own job', async () => {
    const calls: [JobAction, Record<string, unknown>][] = [];
    const forward: JobForwarder = async (action, params) => {
      calls.push([action, params]);
      if (action === 'jobs.status') return { decay: ownerState };
      return { changed: true, state: { ...ownerState, running: action === 'jobs.start' } };
    };
    const jobs = createJobRegistry({ ownership: { owner: false, forward }, pid: 1 });
    const local = flagJob('decay');
    jobs.register(local);
    jobs.serve();
    jobs.reconcile();
    expect(local.starts).toBe(0);
    expect(await jobs.state('decay')).toEqual(ownerState);
    expect((await jobs.stop('decay')).state.running).toBe(false);
    expect((await jobs.start('decay')).state.owner_pid).toBe(99);
    expect(calls).toEqual([['jobs.status', {}], ['jobs.stop', { job: 'decay' }], ['jobs.start', { job: 'decay' }]]);
    expect(local.starts).toBe(0);
    await expect(jobs.answer('jobs.status', {})).rejects.toMatchObject({ code: 'INTERNAL_ERROR' });
  });

  it('rejects an owner answer that does not match the schema, and passes the owner\'s errors on', async () => {
    const bad = createJobRegistry({ ownership: { owner: false, forward: async () => ({ decay: { running: 'yes' } }) } });
    await expect(bad.status()).rejects.toThrow();
    const down = createJobRegistry({ ownership: { owner: false, forward: () => Promise.reject(new Error('owner down')) } });
    await expect(down.stop('decay')).rejects.toThrow('owner down');
  });
});
