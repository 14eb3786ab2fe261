// A persona's discretion (docs/memory.md, whom a persona tells): its own `memory_policy.discretion`
// or, when unset, the global `memory.discretion`; what each means in one sentence.

/** The two discretion settings. */
export const DISCRETIONS = ['discreet', 'open'] as const;
/** A discretion setting. */
export type Discretion = (typeof DISCRETIONS)[number];

const isDiscretion = (v: unknown): v is Discretion => v === 'discreet' || v === 'open';

/** The persona's own discretion in its memory_policy, or null when it inherits the global one. */
export function ownDiscretion(policy: Record<string, unknown> | null | undefined): Discretion | null {
  const v = policy?.discretion;
  return isDiscretion(v) ? v : null;
}

/** The global discretion from the memory settings' config (`discreet` when the server names none). */
export function globalDiscretion(config: unknown): Discretion {
  const v = (config as { discretion?: unknown } | null)?.discretion;
  return isDiscretion(v) ? v : 'discreet';
}

/** What a discretion means for the persona `name`, in one sentence. */
export function discretionSentence(d: Discretion, name: string): string {
  const who = name || 'The persona';
  return d === 'discreet'
    ? `Discreet: ${who} only repeats what someone told it to that person, to people who were present, or when it is public.`
    : `Open: ${who} may repeat anything it was told to anyone, except secrets.`;
}

/**
 * The memory_policy to save for a choice: the old policy with `discretion` set, or removed for
 * inherit (null); null when nothing is left, so the persona has no overrides at all.
 */
export function policyWithDiscretion(policy: Record<string, unknown> | null | undefined, choice: Discretion | null): Record<string, unknown> | null {
  const { discretion: _old, ...rest } = policy ?? {};
  const next = choice ? { ...rest, discretion: choice } : rest;
  return Object.keys(next).length ? next : null;
}
