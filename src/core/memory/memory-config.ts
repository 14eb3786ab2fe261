import { AppError, MemoryConfigSchema, type MemoryConfig, type Persona } from '../../shared/index.ts';
import { deepMerge, type ConfigTree } from '../config/index.ts';

/** The run-time memory configuration: the global config plus per-persona overrides (retrieval, pruning). */
export interface MemoryConfigStore {
  global(): MemoryConfig;
  setGlobal(cfg: MemoryConfig): void;
  /** Effective config of a persona: global deep-merged with its `memory_policy` (retrieval, pruning, extraction, discretion). */
  effective(persona?: Pick<Persona, 'memory_policy'> | null): MemoryConfig;
}

/** Validates a deep-merged memory config; bad values → INVALID_PARAMS naming the key. */
export function mergeMemoryConfig(base: MemoryConfig, patch: ConfigTree, prefix = 'config'): MemoryConfig {
  const parsed = MemoryConfigSchema.safeParse(deepMerge(base as unknown as ConfigTree, patch));
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => ({ path: [prefix, ...i.path.map(String)], code: i.code, message: i.message }));
    throw new AppError('INVALID_PARAMS', `Invalid memory configuration: ${issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`, { issues });
  }
  return parsed.data;
}

/** Keys a persona's `memory_policy` may set. */
export const PERSONA_POLICY_KEYS: readonly string[] = ['retrieval', 'pruning', 'extraction', 'discretion'];

/**
 * The part of a `memory_policy` that overrides the global memory configuration: retrieval, pruning,
 * `extraction` (a mode, read as `extraction.mode`) and `discretion`.
 */
export function policyPatch(policy: Record<string, unknown>): ConfigTree {
  const allowed: ConfigTree = {};
  if (policy.retrieval) allowed.retrieval = policy.retrieval as ConfigTree;
  if (policy.pruning) allowed.pruning = policy.pruning as ConfigTree;
  if (policy.extraction !== undefined) allowed.extraction = typeof policy.extraction === 'string' ? { mode: policy.extraction } : policy.extraction as ConfigTree;
  if (policy.discretion !== undefined) allowed.discretion = policy.discretion;
  return allowed;
}

/** Creates the store from the loaded configuration. */
export function createMemoryConfigStore(initial: MemoryConfig): MemoryConfigStore {
  let global = initial;
  return {
    global: () => global,
    setGlobal(cfg) {
      global = cfg;
    },
    effective(persona) {
      const policy = persona?.memory_policy;
      if (!policy) return global;
      return mergeMemoryConfig(global, policyPatch(policy), 'memory_policy');
    },
  };
}
