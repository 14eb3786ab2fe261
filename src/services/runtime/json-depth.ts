// One nesting limit for every transport (docs/mcp.md "Limits"): a JSON-RPC message's params and a
// REST body are measured here, without recursion, before anything walks them recursively (zod,
// the size checks of metadata and extensions, JSON.stringify), so hostile nesting is a clear
// INVALID_PARAMS instead of a stack overflow.
import { AppError } from '../../shared/index.ts';

/** Deepest nesting of objects and arrays accepted in params or a body (the value itself is level 1). */
export const MAX_JSON_DEPTH = 64;

/** Nesting depth of a parsed JSON value, counted iteratively; stops counting once past `limit`. */
export function jsonDepth(value: unknown, limit = Number.POSITIVE_INFINITY): number {
  let max = 0;
  const stack: [unknown, number][] = [[value, 1]];
  while (stack.length) {
    const [v, depth] = stack.pop() as [unknown, number];
    if (typeof v !== 'object' || v === null) continue;
    if (depth > max) max = depth;
    if (max > limit) return max;
    for (const child of Array.isArray(v) ? v : Object.values(v)) if (typeof child === 'object' && child !== null) stack.push([child, depth + 1]);
  }
  return max;
}

/**
 * Nesting depth of JSON text, scanned without parsing (brackets outside strings); stops once past
 * `limit`. For parsers that walk recursively themselves (a JSON.parse reviver does).
 */
export function jsonTextDepth(text: string, limit = Number.POSITIVE_INFINITY): number {
  let depth = 0;
  let max = 0;
  let inString = false;
  for (let i = 0; i < text.length; i += 1) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92) i += 1; // backslash: skip the escaped character
      else if (c === 34) inString = false;
    } else if (c === 34) inString = true;
    else if (c === 123 || c === 91) {
      depth += 1;
      if (depth > max) max = depth;
      if (max > limit) return max;
    } else if (c === 125 || c === 93) depth -= 1;
  }
  return max;
}

/** INVALID_PARAMS naming the limit when `value` (a parsed value, or JSON text) nests deeper than MAX_JSON_DEPTH; null when it fits. */
export function checkJsonDepth(value: unknown, what = 'params'): AppError | null {
  const depth = typeof value === 'string' ? jsonTextDepth(value, MAX_JSON_DEPTH) : jsonDepth(value, MAX_JSON_DEPTH);
  if (depth <= MAX_JSON_DEPTH) return null;
  return new AppError('INVALID_PARAMS', `Invalid params: ${what} nest deeper than ${MAX_JSON_DEPTH} levels`, {
    details: { reason: 'depth', max_depth: MAX_JSON_DEPTH },
  });
}
