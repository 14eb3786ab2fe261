// What the last reply taught the persona, in the playground's words (docs/memory.md, facts): each fact
// the chat result lists, with the verb for its change and the fact it replaced. The result lists a
// superseded fact right after the fact that took its slot (added, or touched when the same text was
// already there), so a `superseded` item folds into the nearest `added`/`touched` item before it.

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
  /** The facts this one replaced (linked); usually none or one. */
  replaces: { id: string; text: string }[];
}

const VERBS: Record<string, string> = { added: 'Learned', touched: 'Already knew', superseded: 'No longer', deleted: 'No longer' };
const LEAVING = new Set(['superseded', 'deleted']);
const TAKING = new Set(['added', 'touched']);

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

/** Which fact took the slot of each superseded fact: named by either item, else the nearest added/touched item before it. */
function successors(facts: LearnedFact[]): Map<string, string> {
  const ids = new Set(facts.map((f) => f.id));
  const out = new Map<string, string>();
  let taker: string | null = null;
  for (const f of facts) {
    if (TAKING.has(f.op)) {
      taker = f.id;
      if (f.supersedes && ids.has(f.supersedes)) out.set(f.supersedes, f.id);
    } else if (f.op === 'superseded' && !out.has(f.id)) {
      const named = f.superseded_by && ids.has(f.superseded_by) ? f.superseded_by : null;
      if (named ?? taker) out.set(f.id, (named ?? taker)!);
    }
  }
  return out;
}

/**
 * The lines to show, in the result's order: a superseded fact is folded into the fact that took its
 * slot as `replaces`; a fact removed with no successor gets its own `No longer:` line.
 */
export function learnedLines(facts: LearnedFact[]): LearnedLine[] {
  const next = successors(facts);
  return facts.filter((f) => !(LEAVING.has(f.op) && next.has(f.id))).map((f) => ({
    id: f.id, verb: VERBS[f.op] ?? f.op.charAt(0).toUpperCase() + f.op.slice(1), text: f.text,
    replaces: facts.filter((o) => next.get(o.id) === f.id).map((o) => ({ id: o.id, text: o.text })),
  }));
}
