// Toolsets (docs/mcp.md "Toolsets"): named sets of tools an MCP client loads, so an LLM client gets
// a small default instead of every operation. Membership follows a rule over each operation's name
// and scope, so an operation added later lands in a set without editing a list here:
//   - `chat`: the fixed list CHAT_TOOLS (the people operations, `participant.*`, stay out: the
//     default's 24 KB budget has no room for them, and a chat reply already carries the speaker's profile);
//   - the namespace of the name (`memory.search` → `memory`) picks one set from NAMESPACE_TOOLSET;
//   - every admin-scope operation is also in `admin`;
//   - `all` holds every tool.
// An operation whose namespace is not mapped and that is not admin-scope belongs to no named set:
// tests/unit/services/mcp/toolsets.test.ts fails until it is given one.
import { AppError, TOOLSET_NAMES, ToolsetNameSchema } from '../../shared/index.ts';
import type { Operation, OperationTable, Scope } from '../../core/index.ts';

export { TOOLSET_NAMES, ToolsetNameSchema };
/** A toolset name. */
export type ToolsetName = (typeof TOOLSET_NAMES)[number];

/** The tools an LLM chat client needs: find a persona, talk to it, recall and note, read its bonds. */
export const CHAT_TOOLS: readonly string[] = [
  'persona.list', 'persona.get', 'persona.switch', 'persona.chat', 'memory.search', 'memory.store',
  'relationship.list', 'emotional.get_state', 'conversation.history',
];

/** The set each operation namespace (the part of the name before the first dot) falls into. */
export const NAMESPACE_TOOLSET: Readonly<Record<string, Exclude<ToolsetName, 'chat' | 'all'>>> = {
  persona: 'personas', state: 'personas', visual: 'personas', emotional: 'personas',
  memory: 'memory',
  relationship: 'relationships', participant: 'relationships',
  conversation: 'conversations', session: 'conversations',
  system: 'admin',
};

/** The MCP-only tool that enables more toolsets at run time (not an operation). */
export const ENABLE_TOOL = 'toolsets.enable';

/** The named toolsets (besides `all`) an operation belongs to, by the rule above. */
export function toolsetsOf(op: Pick<Operation, 'name' | 'scope'>): ToolsetName[] {
  const sets = new Set<ToolsetName>();
  const namespace = op.name.split('.')[0] ?? '';
  if (CHAT_TOOLS.includes(op.name)) sets.add('chat');
  const byNamespace = NAMESPACE_TOOLSET[namespace];
  if (byNamespace) sets.add(byNamespace);
  if (op.scope === 'admin') sets.add('admin');
  return [...sets];
}

/** Parses a comma-separated or listed choice of toolsets; unknown names → INVALID_PARAMS naming them. */
export function parseToolsets(raw: string | readonly string[] | undefined, fallback: readonly ToolsetName[]): ToolsetName[] {
  if (raw === undefined) return [...fallback];
  const names = (typeof raw === 'string' ? raw.split(',') : raw).map((s) => s.trim()).filter(Boolean);
  const unknown = names.filter((n) => !(TOOLSET_NAMES as readonly string[]).includes(n));
  if (unknown.length || names.length === 0) {
    throw new AppError('INVALID_PARAMS', `Unknown toolset: ${unknown.join(', ') || '(none given)'}; choose from ${TOOLSET_NAMES.join(', ')}`, {
      details: { unknown, toolsets: [...TOOLSET_NAMES] },
    });
  }
  return [...new Set(names)] as ToolsetName[];
}

/** The toolsets one connection has enabled, and the tools that puts in its `tools/list`. */
export interface ToolSelection {
  /** Enabled toolsets, in the order they were enabled. */
  readonly enabled: readonly ToolsetName[];
  /** Adds toolsets; returns those that were not enabled before. */
  enable(names: readonly ToolsetName[]): ToolsetName[];
  /** True when the tool is in an enabled toolset (scopes are checked separately). */
  includes(op: Pick<Operation, 'name' | 'scope'>): boolean;
}

/** A connection's selection, starting from `initial`. */
export function createToolSelection(initial: readonly ToolsetName[]): ToolSelection {
  const enabled = new Set<ToolsetName>(initial);
  return {
    get enabled() {
      return [...enabled];
    },
    enable(names) {
      const added = names.filter((n) => !enabled.has(n));
      for (const n of added) enabled.add(n);
      return added;
    },
    includes(op) {
      return enabled.has('all') || toolsetsOf(op).some((s) => enabled.has(s));
    },
  };
}

/** True when a caller with `scopes` (null = all) may call an operation of `scope`. */
export const scopeAllows = (scopes: readonly Scope[] | null, scope: Scope): boolean => scopes === null || scopes.includes(scope);

/** Each toolset with the tool names in it (for docs, the bench and `toolsets.enable` replies). */
export function toolsetCatalogue(table: OperationTable): Record<ToolsetName, string[]> {
  const out = Object.fromEntries(TOOLSET_NAMES.map((n) => [n, [] as string[]])) as Record<ToolsetName, string[]>;
  for (const op of table.operations) {
    if (!op.tool) continue;
    out.all.push(op.name);
    for (const s of toolsetsOf(op)) out[s].push(op.name);
  }
  return out;
}
