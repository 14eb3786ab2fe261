// What the last reply taught the persona, in the playground's words (docs/memory.md, facts): each fact
// the chat result lists, with the verb for its change and, when the result says so, the fact it replaced.

/** One fact of a chat result's `facts` list as the dashboard reads it. */
export interface LearnedFact {
  id: string;
  op: string;
  text: string;
  /** On a fact that left its slot: the id of the fact that replaced it, when the result names it. */
  superseded_by?: string | null;
  /** On a new fact: the id of the fact it replaced, when the result names it. */
  supersedes?: string | null;
}

/** One line under a reply: `Learned: Bob lives in Oakvale now. (replaces Bob lives in Riverwood.)`. */
export interface LearnedLine {
  id: string;
  verb: string;
  text: string;
  /** The fact this one replaced (linked), or null. */
  replaces: { id: string; text: string } | null;
}

const VERBS: Record<string, string> = {
  insert: 'Learned', add: 'Learned', update: 'Learned', touch: 'Already knew',
  supersede: 'No longer', superseded: 'No longer', delete: 'No longer', deleted: 'No longer',
};
const LEAVING = new Set(['supersede', 'superseded', 'delete', 'deleted']);

const isString = (v: unknown): v is string => typeof v === 'string' && v.length > 0;

/** Reads the `facts` list of a chat result (absent on older servers): only well-formed items, in order. */
export function chatFacts(result: unknown): LearnedFact[] {
  const facts = (result as { facts?: unknown } | null)?.facts;
  if (!Array.isArray(facts)) return [];
  return facts.flatMap((f: unknown): LearnedFact[] => {
    const o = f as Record<string, unknown> | null;
    if (!o || !isString(o.id) || !isString(o.op) || !isString(o.text)) return [];
    return [{ id: o.id, op: o.op, text: o.text, superseded_by: isString(o.superseded_by) ? o.superseded_by : null, supersedes: isString(o.supersedes) ? o.supersedes : null }];
  });
}

/**
 * The lines to show: a fact that left its slot is folded into the fact that replaced it as `replaces`
 * when either names the other; otherwise it gets its own `No longer:` line. Order follows the result.
 */
export function learnedLines(facts: LearnedFact[]): LearnedLine[] {
  const byId = new Map(facts.map((f) => [f.id, f]));
  const replacedBy = new Map<string, LearnedFact>();
  for (const f of facts) {
    if (LEAVING.has(f.op) && f.superseded_by && byId.has(f.superseded_by)) replacedBy.set(f.superseded_by, f);
    if (!LEAVING.has(f.op) && f.supersedes && byId.has(f.supersedes) && !replacedBy.has(f.id)) replacedBy.set(f.id, byId.get(f.supersedes)!);
  }
  const folded = new Set([...replacedBy.values()].map((f) => f.id));
  return facts.filter((f) => !folded.has(f.id)).map((f) => {
    const old = replacedBy.get(f.id);
    return { id: f.id, verb: VERBS[f.op] ?? f.op.charAt(0).toUpperCase() + f.op.slice(1), text: f.text, replaces: old ? { id: old.id, text: old.text } : null };
  });
}
