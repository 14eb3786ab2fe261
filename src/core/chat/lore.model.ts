// Character-book lore (SillyTavern semantics, subset).

interface LoreEntry {
  keys?: unknown;
  secondary_keys?: unknown;
  content?: unknown;
  enabled?: unknown;
  constant?: unknown;
  selective?: unknown;
  case_sensitive?: unknown;
  use_regex?: unknown;
  insertion_order?: unknown;
}

const strings = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string' && x.length > 0) : []);

function hit(key: string, text: string, caseSensitive: boolean, regex: boolean): boolean {
  if (regex) {
    try {
      return new RegExp(key, caseSensitive ? '' : 'i').test(text);
    } catch {
      return false;
    }
  }
  return caseSensitive ? text.includes(key) : text.toLowerCase().includes(key.toLowerCase());
}

/**
 * Lore entries triggered by the scanned text: enabled entries that are constant, or whose key occurs
 * in the scan text (selective ones also need a secondary key); by insertion_order, capped at
 * `budgetTokens` estimated tokens (ceil(chars/4)). Returns the entry contents.
 */
export function triggeredLore(book: Record<string, unknown> | null, scanText: string): string[] {
  if (!book || !Array.isArray(book.entries)) return [];
  const budget = typeof book.token_budget === 'number' ? book.token_budget : 512;
  const entries = (book.entries as LoreEntry[])
    .map((e, i) => ({ e, i }))
    .filter(({ e }) => e.enabled !== false && typeof e.content === 'string' && e.content.length > 0)
    .filter(({ e }) => {
      if (e.constant === true) return true;
      const cs = e.case_sensitive === true;
      const rx = e.use_regex === true;
      if (!strings(e.keys).some((k) => hit(k, scanText, cs, rx))) return false;
      return e.selective === true ? strings(e.secondary_keys).some((k) => hit(k, scanText, cs, rx)) : true;
    })
    .sort((a, b) => (Number(a.e.insertion_order) || 0) - (Number(b.e.insertion_order) || 0) || a.i - b.i);
  const out: string[] = [];
  let used = 0;
  for (const { e } of entries) {
    const cost = Math.ceil((e.content as string).length / 4);
    if (used + cost > budget) break;
    used += cost;
    out.push(e.content as string);
  }
  return out;
}
