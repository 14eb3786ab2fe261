// A persona's discretion (docs/memory.md, whom a persona tells): its own `memory_policy.discretion`
// or, when unset, the global `memory.discretion`; what each means in one sentence.
import type { z } from 'zod';
import { DiscretionSchema, type MemoryConfig } from '../../../shared/index.ts';

/** A discretion setting (`discreet` or `open`). */
export type Discretion = z.infer<typeof DiscretionSchema>;
/** The two discretion settings. */
export const DISCRETIONS = DiscretionSchema.options;

const isDiscretion = (v: unknown): v is Discretion => DiscretionSchema.safeParse(v).success;

/** The persona's own discretion in its memory_policy, or null when it inherits the global one. */
export function ownDiscretion(policy: Record<string, unknown> | null | undefined): Discretion | null {
  const v = policy?.discretion;
  return isDiscretion(v) ? v : null;
}

/** The global discretion from the memory settings' config (the default, `discreet`, until they are loaded). */
export function globalDiscretion(config: Pick<MemoryConfig, 'discretion'> | null | undefined): Discretion {
  return config?.discretion ?? 'discreet';
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
