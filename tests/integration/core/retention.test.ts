import { afterEach, describe, expect, it } from 'vitest';
import type { DomainEvent } from '../../../src/shared/index.ts';
import { runRetention } from '../../../src/core/memory/retention.service.ts';
import { createTestCore, type TestCore } from '../../support/core-harness.ts';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

let t: TestCore | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
});

const DAY = 86_400_000;

/** Stores a memory for Aria and archives it (memory.delete) at the clock's current time. */
async function archived(tc: TestCore, content: string): Promise<string> {
  const m = await tc.call<Json>('memory.store', { persona_id: 'Aria', content, importance: 0.5 });
  await tc.call('memory.delete', { memory_id: m.memory_id });
  return m.memory_id as string;
}
const archiveIds = async (tc: TestCore) =>
  ((await tc.call<Json>('memory.list', { persona_id: 'Aria', archived: true })).memories as Json[]).map((m) => m.id as string).sort();

describe('archive retention (memory.archive.retention_days)', () => {
  it('the sweep hard-deletes archived memories older than the retention, records the run, emits retention.completed and shows in system.status', async () => {
    t = await createTestCore({ config: { memory: { archive: { retention_days: 30 } } } });
    const events: DomainEvent[] = [];
    t.core.events.subscribe((e) => events.push(e));
    const old = await archived(t, 'an old archived note');
    t.clock.advance(20 * DAY);
    const recent = await archived(t, 'a recent archived note');
    t.clock.advance(11 * DAY); // old: 31 days in the archive, recent: 11.
    expect(await archiveIds(t)).toEqual([old, recent].sort());

    const run = await runRetention(t.core);
    expect(run).toMatchObject({ status: 'completed', retention_days: 30, memories_deleted: 1, cutoff: new Date(t.clock.now().getTime() - 30 * DAY).toISOString() });
    expect(await archiveIds(t)).toEqual([recent]);
    expect(await t.fail('memory.restore', { memory_id: old })).toMatchObject({ code: 'MEMORY_NOT_FOUND' });
    expect(events.filter((e) => e.name === 'retention.completed')).toEqual([expect.objectContaining({ data: expect.objectContaining({ memories_deleted: 1, retention_days: 30 }) })]);
    const status = (await t.call<Json>('system.status')).jobs.retention;
    expect(status).toMatchObject({ retention_days: 30, running: false, last_run: { memories_deleted: 1, retention_days: 30 } });
  });

  it('retention 0 (the default) keeps the archive forever: the sweep is skipped and writes no run', async () => {
    t = await createTestCore();
    const old = await archived(t, 'kept forever');
    t.clock.advance(3650 * DAY);
    expect(await runRetention(t.core)).toEqual({ status: 'skipped', retention_days: 0 });
    expect(await archiveIds(t)).toEqual([old]);
    expect((await t.call<Json>('system.status')).jobs.retention.last_run).toBeNull();
  });

  it('a retention set at run time (memory.config_set) applies at the next sweep; startJobs schedules the daily job', async () => {
    t = await createTestCore();
    await archived(t, 'archived before the setting');
    t.clock.advance(2 * DAY);
    await t.call('memory.config_set', { config: { archive: { retention_days: 1 } } });
    expect(await runRetention(t.core)).toMatchObject({ status: 'completed', memories_deleted: 1 });
    t.core.startJobs();
    const status = (await t.call<Json>('system.status')).jobs.retention;
    expect(status).toMatchObject({ retention_days: 1, running: true });
    expect(Date.parse(status.next_run_at)).toBeGreaterThan(Date.now());
  });
});
