// What a person can do with a persona's bot right now, and why not: the dashboard enables Start, Stop
// and Restart only when the host would accept them, and shows the reason when it would not.
import type { BotConfig, BotStatus } from '../../../shared/index.ts';

/** The actions a bot row offers and, when Start is not possible, the reason shown beside it. */
export interface BotReadiness { canStart: boolean; canStop: boolean; reason: string | null }

/** Why nothing can be started without the host (the api service alone supervises no bots). */
export const NO_HOST_REASON = 'Needs the host (persona-mcp --server or the desktop app)';

const isActive = (s: BotStatus | undefined) => s !== undefined && (s.state === 'running' || s.state === 'starting' || s.state === 'waiting' || s.state === 'backoff');

/**
 * One bot's readiness from whether a host is attached (null: not known yet), its stored configuration
 * (undefined: not loaded yet, null: none) and its status from the host.
 */
export function botReadiness(hostAttached: boolean | null, config: BotConfig | null | undefined, status: BotStatus | undefined): BotReadiness {
  if (hostAttached === false) return { canStart: false, canStop: false, reason: NO_HOST_REASON };
  if (hostAttached === null || config === undefined) return { canStart: false, canStop: false, reason: null };
  if (isActive(status)) return { canStart: false, canStop: true, reason: null };
  if (config === null) return { canStart: false, canStop: false, reason: 'Not configured — select the persona to set up its bot' };
  if (!config.enabled) return { canStart: false, canStop: false, reason: 'Disabled in its configuration' };
  return { canStart: true, canStop: false, reason: null };
}

/** Whether Start all / Stop all would do anything, and why Start all would not. */
export function allBotsReadiness(hostAttached: boolean | null, configs: readonly (BotConfig | null)[], statuses: readonly (BotStatus | undefined)[]): BotReadiness {
  if (hostAttached === false) return { canStart: false, canStop: false, reason: NO_HOST_REASON };
  if (hostAttached === null) return { canStart: false, canStop: false, reason: null };
  const enabled = configs.filter((c): c is BotConfig => c !== null && c.enabled);
  const byPersona = new Map(statuses.filter((s): s is BotStatus => s !== undefined).map((s) => [s.persona_id, s]));
  const idle = enabled.filter((c) => !isActive(byPersona.get(c.persona_id)));
  const canStop = [...byPersona.values()].some(isActive);
  if (!configs.some((c) => c !== null)) return { canStart: false, canStop, reason: 'No bot is configured yet' };
  if (!enabled.length) return { canStart: false, canStop, reason: 'Every configured bot is disabled' };
  if (!idle.length) return { canStart: false, canStop, reason: null };
  return { canStart: true, canStop, reason: null };
}
