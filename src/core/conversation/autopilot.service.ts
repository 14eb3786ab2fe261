// The conversation autopilot (`conversation.autopilot`): every tick it advances
// active conversations by a deterministic draw and, below `max_concurrent`, starts one between the
// best available pair and plays its first turn. It goes through the conversation service like any
// client, so every turn emits the usual events. The mcp service owns the job (`startJobs`).
import { isoNow } from '../../shared/index.ts';
import type { CoreContext } from '../core-context.ts';
import { createRepositories } from '../repositories.ts';
import { createTimerJob, type TimerJob } from '../jobs/timer-job.ts';
import { getLogger } from '../logger/index.ts';
import { interactionView } from '../state/state-views.model.ts';
import { autopilotAdvances, autopilotTopic, pickAutopilotPair, type AutopilotCandidate } from '../state/interaction.model.ts';
import { startConversation } from './conversation.service.ts';
import { takeTurn } from './conversation-turn.ts';

const log = getLogger('conversation.autopilot');

/** Token budget of a conversation the autopilot starts. */
export const AUTOPILOT_TOKEN_BUDGET = 500;
/** Channel of the conversations the autopilot starts (how the dashboard tells them apart). */
export const AUTOPILOT_CHANNEL = 'autopilot';

/** What one tick did. */
export interface AutopilotTickResult {
  tick: number;
  at: string;
  /** Active conversations the draw advanced by one turn. */
  advanced: string[];
  /** The conversation started this tick (its first turn played), or null. */
  started: string | null;
}

/** The personas that may start a conversation now, in persona order: available and not talking. */
export async function autopilotCandidates(core: CoreContext, now: Date): Promise<AutopilotCandidate[]> {
  const repos = createRepositories(core.db.manager);
  const [personas, interactions] = await Promise.all([repos.personas.list(), repos.states.listInteractions()]);
  const byId = new Map(interactions.map((r) => [r.persona_id, r]));
  const out: AutopilotCandidate[] = [];
  for (const p of personas) {
    const row = byId.get(p.id);
    if (!row || repos.conversations.activeConversationOf(p.id) !== null) continue;
    const view = interactionView(row, now);
    if (view.is_available) out.push({ id: p.id, charisma: p.charisma, social_energy: view.social_energy });
  }
  return out;
}

/**
 * One autopilot tick: advances each active conversation whose draw `fnv1a32(id:tick)/2^32`
 * is below `advance_probability`; then, with fewer than `max_concurrent` active, starts the best pair
 * on `topics[tick mod n]` with a budget of 500 and plays its first turn. A failing turn is logged.
 */
export async function runAutopilotTick(core: CoreContext, tick: number): Promise<AutopilotTickResult> {
  const cfg = core.config.conversation.autopilot;
  const now = core.now();
  const repos = createRepositories(core.db.manager);
  const active = repos.conversations.list({ status: 'active', limit: 10_000, offset: 0 }).rows.reverse();
  const advanced: string[] = [];
  for (const conv of active) {
    if (!autopilotAdvances(conv.id, tick, cfg)) continue;
    try {
      await takeTurn(core, conv.id, {});
      advanced.push(conv.id);
    } catch (err) {
      log.warn({ err, conversation_id: conv.id }, 'autopilot turn failed');
    }
  }
  let started: string | null = null;
  core.refresh();
  if (createRepositories(core.db.manager).conversations.countActive() < cfg.max_concurrent) {
    const pair = pickAutopilotPair(await autopilotCandidates(core, now));
    if (pair) {
      const { conversation } = await startConversation(core, {
        participants: pair, topic: autopilotTopic(tick, cfg), token_budget: AUTOPILOT_TOKEN_BUDGET, channel: AUTOPILOT_CHANNEL, observers: [], force: false,
      });
      started = conversation.id;
      try {
        await takeTurn(core, conversation.id, {});
      } catch (err) {
        log.warn({ err, conversation_id: conversation.id }, 'autopilot first turn failed');
      }
    }
  }
  return { tick, at: isoNow(now), advanced, started };
}

/** The autopilot as a background job: a tick every `tick_seconds`, counted from 0; `track` wraps each run (the core's job step). */
export function createAutopilotJob(
  core: () => CoreContext, cfg: CoreContext['config']['conversation']['autopilot'], track: (run: () => Promise<unknown>) => () => Promise<unknown>,
): TimerJob {
  let tick = 0;
  let started = 0;
  let last: AutopilotTickResult | null = null;
  return createTimerJob({
    name: 'autopilot',
    enabled: () => cfg.enabled,
    firstDelayMs: () => cfg.tick_seconds * 1000,
    intervalMs: () => cfg.tick_seconds * 1000,
    run: track(async () => {
      const result = await runAutopilotTick(core(), tick);
      tick += 1;
      if (result.started) started += 1;
      last = result;
      return result;
    }),
    lastRun: () => (last ? { ...last, ticks: tick, conversations_started: started } : null),
  });
}
