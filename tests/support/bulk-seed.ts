import { randomUUID } from 'node:crypto';
import type BetterSqlite3 from 'better-sqlite3';
import { seededRandom } from './seeded-random.ts';

// Bulk seeding for the scale bench and tests: realistic-looking memory texts (Zipf-distributed words,
// English stop words and common words among the most frequent) written with direct prepared INSERTs in
// large transactions. The FTS5 and prune_state triggers of the schema run as for any insert.


const COMMON = ('the and to of a in that is was he for it with as his on be at by i this had not are but from or have an they which one you were her all she there would their we him been has when who will more no if out so said what up its about into than them can only other new some could time these two may then do first any my now such like our over man me even most made after also did many before must through back years where much your way well down should because each just those people how too little state good very make world still own see men work long get here between both life being under never day same another know while last might us great old year off come since against go came right used take three place').split(' ');
const THEMES = ('dragon mill river caravan bees tower rune harbour song ferry storm market lantern forge orchard bridge smith guild tavern castle forest mountain village sailor merchant knight wizard festival harvest winter summer garden library temple road inn horse wolf raven oak stone silver gold copper ale bread cheese apple honey letter map sword shield cloak boots candle fire rain snow wind moon star sea ship island cave mine king queen prince baker miller weaver hunter fisher priest bard scholar thief captain farmer potter mason carpenter healer herbs potion scroll coin debt trade feast wedding funeral battle siege treaty journey quest prophecy dream secret promise').split(' ');

/** The seeded vocabulary: common English words first (most frequent), then themes, then rarer made-up names. */
export function vocabulary(size = 20_000): string[] {
  const rand = seededRandom(7);
  const syll = ['ka', 'ri', 'mo', 'ten', 'vel', 'dor', 'an', 'is', 'ul', 'bra', 'gen', 'thi', 'wyn', 'sor', 'el', 'mar', 'qu', 'ost', 'ly', 'fen'];
  const words = [...COMMON, ...THEMES];
  const seen = new Set(words);
  while (words.length < size) {
    const n = 2 + Math.floor(rand() * 3);
    let w = '';
    for (let i = 0; i < n; i += 1) w += syll[Math.floor(rand() * syll.length)];
    if (!seen.has(w)) { seen.add(w); words.push(w); }
  }
  return words;
}

/** Draws word ranks with a Zipf(1) law over `n` ranks (rank 0 most frequent). */
function zipf(n: number, rand: () => number): () => number {
  const cdf = new Float64Array(n);
  let sum = 0;
  for (let i = 0; i < n; i += 1) { sum += 1 / (i + 1); cdf[i] = sum; }
  return () => {
    const x = rand() * sum;
    let lo = 0;
    let hi = n - 1;
    while (lo < hi) { const mid = (lo + hi) >> 1; if ((cdf[mid] as number) < x) lo = mid + 1; else hi = mid; }
    return lo;
  };
}

/** A text generator: `text(i)` is the i-th memory's content (8–20 Zipf-drawn words), the same for a given seed. */
export function textGenerator(seed = 11): (i: number) => string {
  const vocab = vocabulary();
  const rand = seededRandom(seed);
  const draw = zipf(vocab.length, rand);
  return () => {
    const n = 8 + Math.floor(rand() * 13);
    const words: string[] = [];
    for (let k = 0; k < n; k += 1) words.push(vocab[draw()] as string);
    const s = words.join(' ');
    return `${s.charAt(0).toUpperCase()}${s.slice(1)}.`;
  };
}

/** Options of bulkSeedMemories. */
export interface BulkSeedOptions {
  personaId: string;
  count: number;
  /** Creation times spread evenly over this many days before `now` (oldest first). */
  spreadDays?: number;
  now?: Date;
  /** Rows per transaction (default 50,000). */
  batch?: number;
  seed?: number;
  /** The i-th memory's text (default: the Zipf text generator). */
  text?: (i: number) => string;
  /** Called with each memory's text (e.g. to draw queries from it). */
  onText?: (i: number, text: string) => void;
}

/**
 * Inserts `count` memories for a persona straight into the `memories` table (prepared INSERTs, large
 * transactions; the FTS5 index and the prune_state count follow through the schema's triggers). Returns
 * the elapsed milliseconds. Importance varies over .1–.9; about one in ten was recalled before.
 */
export function bulkSeedMemories(sqlite: BetterSqlite3.Database, o: BulkSeedOptions): number {
  const t0 = performance.now();
  const now = (o.now ?? new Date()).getTime();
  const spread = (o.spreadDays ?? 365) * 86_400_000;
  const text = o.text ?? textGenerator(o.seed ?? 11);
  const rand = seededRandom((o.seed ?? 11) + 1);
  const insert = sqlite.prepare(`INSERT INTO memories (id, persona_id, content, memory_type, importance, base_importance, importance_source,
    emotional_valence, visibility, witnessed_by, related_personas, participant_key, session_id, conversation_id, channel, pinned, metadata,
    created_at, last_accessed_at, restored_at, accessed_count, subject_key, fact_key, source_key)
    VALUES (?, ?, ?, 'observation', ?, ?, 'manual', 0, 'private', '[]', '[]', NULL, NULL, NULL, NULL, 0, '{}', ?, ?, NULL, ?, NULL, NULL, NULL)`);
  const batch = o.batch ?? 50_000;
  const run = sqlite.transaction((from: number, to: number) => {
    for (let i = from; i < to; i += 1) {
      const content = text(i);
      o.onText?.(i, content);
      const created = now - spread + Math.floor((spread * i) / Math.max(1, o.count));
      const importance = Math.round((0.1 + rand() * 0.8) * 100) / 100;
      const accessed = rand() < 0.1;
      const lastAccess = accessed ? new Date(created + rand() * (now - created)).toISOString() : null;
      insert.run(randomUUID(), o.personaId, content, importance, importance, new Date(created).toISOString(), lastAccess, accessed ? 1 + Math.floor(rand() * 4) : 0);
    }
  });
  for (let i = 0; i < o.count; i += batch) run(i, Math.min(o.count, i + batch));
  return performance.now() - t0;
}

/** A 2–4-word query drawn from a stored text (consecutive words, so common words come along). */
export function queryFrom(text: string, rand: () => number): string {
  const words = text.replace(/\.$/, '').toLowerCase().split(' ');
  const n = Math.min(words.length, 2 + Math.floor(rand() * 3));
  const at = Math.floor(rand() * (words.length - n + 1));
  return words.slice(at, at + n).join(' ');
}
