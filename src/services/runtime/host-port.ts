// The HostPort a service hands its operations (OperationContext.host): what an operation may ask of
// the host over the link, each answer validated with zod before the core sees it.
import { BotStopForDeleteParamsSchema, BotStopForDeleteResultSchema, type BotStopForDeleteResult } from '../../shared/index.ts';
import type { HostPort } from '../../core/index.ts';
import type { HostLink } from './host-link.ts';

/** Stopping a bot waits for its process to exit (up to the supervisor's 5 s grace, then SIGKILL). */
const STOP_BOT_TIMEOUT_MS = 15_000;

/** The host port over `link`, or undefined when the service runs without a host. */
export function hostPortOf(link: HostLink): HostPort | undefined {
  if (!link.attached) return undefined;
  return {
    async stopBotForDelete(personaId): Promise<BotStopForDeleteResult> {
      const params = BotStopForDeleteParamsSchema.parse({ persona_id: personaId });
      const answer = await link.request('bot.stop_for_persona_delete', params, STOP_BOT_TIMEOUT_MS);
      return BotStopForDeleteResultSchema.parse(answer);
    },
  };
}
