import { personaKey, type Visibility } from '../../shared/index.ts';

// Memory visibility (whom a persona tells in chat is discretion, docs/memory.md). `shared` means "shared with those
// present": only the personas in witnessed_by may read it; related_personas grants nothing.

/** What the visibility rules read of a memory. */
export interface VisibleMemory {
  persona_id: string;
  visibility: Visibility;
  witnessed_by: readonly string[];
}

/** True when persona `readerId` may read memory `m` (owners read all; others shared-if-witnessed, public). */
export function canRead(readerId: string, m: VisibleMemory): boolean {
  if (m.persona_id === readerId) return true;
  if (m.visibility === 'public') return true;
  if (m.visibility === 'shared') return m.witnessed_by.includes(personaKey(readerId));
  return false;
}

/** Which parts of `memory.search_cross_persona` to include (all default true). */
export interface CrossPersonaScope {
  include_own: boolean;
  include_shared: boolean;
  include_public: boolean;
}

/**
 * The `source` a memory has in a cross-persona search by `readerId`, or null when excluded: `own` (reader's
 * own shared/public memories), `shared` (others' shared memories the reader witnessed), `public` (others' public).
 */
export function crossPersonaSource(readerId: string, m: VisibleMemory, scope: CrossPersonaScope): 'own' | 'shared' | 'public' | null {
  if (m.persona_id === readerId) return scope.include_own && m.visibility !== 'private' ? 'own' : null;
  if (m.visibility === 'shared') return scope.include_shared && canRead(readerId, m) ? 'shared' : null;
  if (m.visibility === 'public') return scope.include_public ? 'public' : null;
  return null;
}
