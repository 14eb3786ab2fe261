import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestCore, type TestCore } from '../../support/core-harness.ts';

// Automatic pruning switched off globally but on in one persona's own policy: the job owner runs the
// pruning job for that persona (and only for it), and stops it again when no policy wants it.
type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

let t: TestCore;
beforeAll(async () => {
  t = await createTestCore({ config: { memory: { pruning: { auto: false } } } });
  t.core.startJobs();
});
afterAll(() => t.close());

const running = async () => (await t.core.jobs.state('pruning')).running;
async function until(what: () => Promise<boolean>, ms = 10_000): Promise<boolean> {
  for (const end = Date.now() + ms; Date.now() < end; await new Promise((r) => setTimeout(r, 25))) if (await what()) return true;
  return what();
}
const stats = (persona: string) => t.call<Json>('memory.stats', { persona_id: persona });

describe('automatic pruning from a persona policy', () => {
  it('is off while neither the global setting nor any persona wants it', async () => {
    expect(await running()).toBe(false);
  });

  it('a persona policy with auto on starts the job; it prunes that persona only', async () => {
    await t.call('memory.config_set', { persona_id: 'Kira', config: { pruning: { auto: true, max_memories: 20, threshold: 15, target: 10 } } });
    await t.call('memory.config_set', { persona_id: 'Aria', config: { pruning: { max_memories: 20, threshold: 15, target: 10 } } });
    expect(await until(running)).toBe(true);
    for (let i = 0; i < 20; i += 1) {
      for (const persona of ['Kira', 'Aria']) {
        await t.call('memory.store', { persona_id: persona, content: `old note ${i}`, importance: 0.3, created_at: '2026-06-01T00:00:00.000Z' });
      }
    }
    expect(await until(async () => (await stats('Kira')).archived_memories > 0)).toBe(true);
    const kira = await stats('Kira');
    expect(kira.total_memories).toBeLessThan(20);
    expect(kira.total_memories + kira.archived_memories).toBe(20);
    // Aria's policy has the same limits but not auto: the global off stands for her.
    expect(await stats('Aria')).toMatchObject({ total_memories: 20, archived_memories: 0 });
  });

  it('turning the persona policy off again stops the job', async () => {
    await t.call('memory.config_set', { persona_id: 'Kira', config: { pruning: { auto: false } } });
    expect(await until(async () => !(await running()))).toBe(true);
    // Kira's run ended with a prune_runs row, which system.status reports.
    expect((await t.call<Json>('system.status')).jobs.pruning.last_run).toMatchObject({ persona_id: (await t.call<Json>('persona.get', { persona_id: 'Kira' })).persona.id, memories_before: 20, memories_pruned: 10, trigger: 'insert' });
  });
});
