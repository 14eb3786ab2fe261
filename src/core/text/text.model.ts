/**
 * Text helpers shared by the intelligence rules: word-prefix and whole-word matching, word counts,
 * code-point lengths, FNV-1a and rounding.
 */

const escapeRegExp = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

const prefixCache = new Map<string, RegExp>();
const wholeCache = new Map<string, RegExp>();

function cached(cache: Map<string, RegExp>, key: string, build: () => RegExp): RegExp {
  let re = cache.get(key);
  if (!re) {
    re = build();
    if (cache.size > 4096) cache.clear();
    cache.set(key, re);
  }
  return re;
}

/** Regex for a keyword at the start of a word (`\bkw`), global, for counting. */
export function wordPrefixRegExp(keyword: string): RegExp {
  return cached(prefixCache, keyword, () => new RegExp(`\\b${escapeRegExp(keyword.toLowerCase())}`, 'g'));
}

/** Regex for a keyword as a whole word (`\bkw\b`), global, for counting. */
export function wholeWordRegExp(keyword: string): RegExp {
  return cached(wholeCache, keyword, () => new RegExp(`\\b${escapeRegExp(keyword.toLowerCase())}\\b`, 'g'));
}

/** True when `keyword` occurs at the start of a word of `lowerText` (already lower-cased). */
export function hasWordPrefix(lowerText: string, keyword: string): boolean {
  const re = wordPrefixRegExp(keyword);
  re.lastIndex = 0;
  return re.test(lowerText);
}

/** True when `keyword` occurs as a whole word (or phrase) in `lowerText` (already lower-cased). */
export function hasWholeWord(lowerText: string, keyword: string): boolean {
  const re = wholeWordRegExp(keyword);
  re.lastIndex = 0;
  return re.test(lowerText);
}

/** Number of whole-word occurrences of `keyword` in `lowerText`. */
export function countWholeWord(lowerText: string, keyword: string): number {
  const re = wholeWordRegExp(keyword);
  re.lastIndex = 0;
  let n = 0;
  while (re.exec(lowerText)) n += 1;
  return n;
}

/** Whitespace-split non-empty tokens. */
export function words(text: string): string[] {
  return text.split(/\s+/).filter((w) => w.length > 0);
}

/** Word count: whitespace-split non-empty tokens. */
export function countWords(text: string): number {
  return words(text).length;
}

/** Number of Unicode code points in `text`. */
export function codePointLength(text: string): number {
  let n = 0;
  for (const _ of text) n += 1;
  return n;
}

/** Sum of the Unicode code points of `text` (used by deterministic index picks). */
export function codePointSum(text: string): number {
  let sum = 0;
  for (const ch of text) sum += ch.codePointAt(0) ?? 0;
  return sum;
}

/** Count of occurrences of a single character in `text`. */
export function countChar(text: string, ch: string): number {
  let n = 0;
  for (const c of text) if (c === ch) n += 1;
  return n;
}

const utf8 = new TextEncoder();

/** 32-bit FNV-1a over the UTF-8 bytes of `s` (offset 2166136261, prime 16777619), unsigned. */
export function fnv1a32(s: string): number {
  let h = 0x811c9dc5;
  for (const byte of utf8.encode(s)) {
    h ^= byte;
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

/** `round_d(x) = Number(x.toFixed(d))`: rounding on the exact binary value, as the spec requires. */
export function roundTo(x: number, digits: number): number {
  return Number(x.toFixed(digits));
}

/** clamp(x, lo, hi). */
export function clamp(x: number, lo: number, hi: number): number {
  return Math.min(hi, Math.max(lo, x));
}

/** clamp(x, 0, 1). */
export function clamp01(x: number): number {
  return clamp(x, 0, 1);
}

/** Words that open a greeting ("hello", "hi", "hey", "greetings"), lower-case. */
export const GREETING_WORDS: ReadonlySet<string> = new Set(['hello', 'hi', 'hey', 'greetings']);

/** The text with typographic single quotes (’ ‘) as plain apostrophes, so "I’m" matches "i'm". */
export function straightApostrophes(text: string): string {
  return text.replace(/[’‘]/g, "'");
}
