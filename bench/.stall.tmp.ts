import { randomUUID } from 'node:crypto';
import { AppConfigSchema } from '../src/shared/index.ts';
import { createConnectionState, createCore, invokeOperation, OPERATION_TABLE } from '../src/core/index.ts';
import { runDecayCycle } from '../src/core/memory/decay.service.ts';
import { makeTempDir } from '../tests/support/temp-dir.ts';
import { bulkSeedMemories } from '../tests/support/bulk-seed.ts';
const n = Number(process.env.N ?? 1000000);
const temp = makeTempDir();
const core = await createCore({ config: AppConfigSchema.parse({ data_dir: temp.dir, log: { level: 'silent' } }), migrate: true });
const conn = createConnectionState(randomUUID(), 'mcp');
const call = (m: string, p: unknown) => invokeOperation(OPERATION_TABLE, m, p, { core, connection: conn });
const { persona_id: id } = (await call('persona.create', { name: 'S' })) as any;
const t0 = performance.now();
bulkSeedMemories(core.db.sqlite, { personaId: id, count: n });
console.log('seed ms', Math.round(performance.now() - t0));
async function stall(label: string, f: () => Promise<unknown>) {
  let worst = 0; let last = performance.now(); let ticks = 0;
  const iv = setInterval(() => { const now = performance.now(); worst = Math.max(worst, now - last); last = now; ticks++; }, 1);
  const s = performance.now();
  let out: unknown;
  try { out = await f(); } catch (e) { out = String(e); }
  const total = performance.now() - s; worst = Math.max(worst, performance.now() - last);
  clearInterval(iv);
  console.log(label.padEnd(28), 'total', Math.round(total), 'ms  worst stall', Math.round(worst), 'ms', JSON.stringify(out).slice(0, 160));
}
const steps = (process.env.STEPS ?? 'stats,prune_stats,recs,decay,decay_force,prune_dry,prune').split(',');
for (const s of steps) {
  if (s === 'stats') await stall('memory.stats', () => call('memory.stats', { persona_id: id }));
  if (s === 'prune_stats') await stall('memory.prune_stats', () => call('memory.prune_stats', {}));
  if (s === 'recs') await stall('memory.prune_recommendations', () => call('memory.prune_recommendations', { persona_id: id }));
  if (s === 'decay') await stall('decay cycle', () => runDecayCycle(core));
  if (s === 'decay_force') await stall('memory.decay_force', () => call('memory.decay_force', { persona_id: id, decay_factor: 0.1 }));
  if (s === 'prune_dry') await stall('memory.prune dry', () => call('memory.prune', { persona_id: id, force: true, dry_run: true }));
  if (s === 'prune') await stall('memory.prune', () => call('memory.prune', { persona_id: id, force: true }));
  if (s === 'prune_all') await stall('memory.prune_all', () => call('memory.prune_all', { force: true }));
}
await core.close(); temp.cleanup();
