import type { EntityManager } from 'typeorm';
import { AppError, type Persona } from '../../shared/index.ts';
import { requirePersona } from '../persona/persona.service.ts';
import type { OperationContext } from './operation.ts';

/**
 * Resolves an optional persona reference: the given id/name, else the connection's current persona
 * (NO_ACTIVE_PERSONA when there is none), PERSONA_NOT_FOUND when it does not resolve. Synchronous: a
 * plain call on the hot path allocates no promise (callers may still `await` it).
 */
export function personaFromRef(ctx: OperationContext, ref: string | undefined, em?: EntityManager): Persona {
  const manager = em ?? ctx.core.db.manager;
  if (ref !== undefined) return requirePersona(manager, ref);
  const current = ctx.connection.currentPersonaId;
  if (!current) {
    throw new AppError('NO_ACTIVE_PERSONA', 'No persona_id given and no current persona on this connection (call persona.switch)');
  }
  return requirePersona(manager, current);
}
