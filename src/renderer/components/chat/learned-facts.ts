// What the last reply taught the persona, in the playground's words (docs/memory.md, facts): each fact
// the chat result lists, with the verb for its change and the fact it replaced. The result lists a
// superseded fact right after the fact that took its slot (added, or touched when the same text was
// already there), so a `superseded` item folds into the nearest `added`/`touched` item before it.
import type { FactChange } from '../../../shared/index.ts';

/** One line under a reply: `Learned: Bob lives in Oakvale now. (replaces Bob lives in Riverwood.)`. */
export interface LearnedLine {
  id: string;
  verb: string;
  text: string;
  /** The facts this one replaced (linked); usually none or one. */
  replaces: { id: string; text: string }[];
}

const VERBS: Record<FactChange['op'], string> = { added: 'Learned', touched: 'Already knew', superseded: 'No longer', deleted: 'No longer' };

/** Which fact took the slot of each superseded fact: the nearest added/touched item before it. */
function successors(facts: FactChange[]): Map<string, string> {
  const out = new Map<string, string>();
  let taker: string | null = null;
  for (const f of facts) {
    if (f.op === 'added' || f.op === 'touched') taker = f.id;
    else if (f.op === 'superseded' && taker) out.set(f.id, taker);
  }
  return out;
}

/**
 * The lines to show, in the result's order: a superseded fact is folded into the fact that took its
 * slot as `replaces`; a fact removed with no successor (deleted) gets its own `No longer:` line.
 */
export function learnedLines(facts: FactChange[]): LearnedLine[] {
  const next = successors(facts);
  return facts.filter((f) => !next.has(f.id)).map((f) => ({
    id: f.id, verb: VERBS[f.op], text: f.text,
    replaces: facts.filter((o) => next.get(o.id) === f.id).map((o) => ({ id: o.id, text: o.text })),
  }));
}
