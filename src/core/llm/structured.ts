import { z } from 'zod';
import type { LlmMessage, LlmProvider, LlmRequest, StructuredResult } from './llm-provider.ts';

/** Index of the `}` closing the object that opens at `start`, honouring strings; -1 if unclosed. */
function closingBrace(text: string, start: number): number {
  let depth = 0;
  let inString = false;
  for (let i = start; i < text.length; i += 1) {
    const ch = text[i];
    if (inString) {
      if (ch === '\\') i += 1;
      else if (ch === '"') inString = false;
    } else if (ch === '"') inString = true;
    else if (ch === '{') depth += 1;
    else if (ch === '}' && (depth -= 1) === 0) return i;
  }
  return -1;
}

/**
 * Pulls the first JSON object out of model text: code fences and chatter around it are ignored, and
 * the first balanced `{…}` block that parses wins. Throws when there is none.
 */
export function extractJson(text: string): unknown {
  const unfenced = text.replace(/```[A-Za-z]*/g, '');
  for (let start = unfenced.indexOf('{'); start >= 0; start = unfenced.indexOf('{', start + 1)) {
    const end = closingBrace(unfenced, start);
    if (end < 0) break;
    try {
      return JSON.parse(unfenced.slice(start, end + 1));
    } catch {
      // Braces in prose ("{like this}"): try the next opening brace.
    }
  }
  throw new Error('no JSON object in the reply');
}

/** The JSON schema sent to the provider for `schema` (no `$schema` key; unrepresentable parts become "any"). */
export function structuredJsonSchema(schema: z.ZodType): Record<string, unknown> {
  const { $schema: _ignored, ...rest } = z.toJSONSchema(schema, { unrepresentable: 'any' }) as Record<string, unknown>;
  return rest;
}

/** Parses and validates one reply; returns the value or a short description of what was wrong. */
function check<S extends z.ZodType>(schema: S, text: string): { ok: true; value: z.infer<S> } | { ok: false; problem: string } {
  let json: unknown;
  try {
    json = extractJson(text);
  } catch {
    return { ok: false, problem: 'contains no JSON object' };
  }
  const parsed = schema.safeParse(json);
  if (parsed.success) return { ok: true, value: parsed.data };
  const issues = parsed.error.issues.slice(0, 3).map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`);
  return { ok: false, problem: `does not match the schema: ${issues.join('; ')}` };
}

/**
 * Structured output: the zod schema goes to the provider as a JSON schema, the reply is parsed
 * tolerantly and validated. An invalid reply is retried once (the model is told what was wrong);
 * after that, or when the provider fails or the call is cancelled, `fallback` comes back with
 * `fell_back: true` and the reason in `error`. Never throws for provider failures. `wireSchema`, when
 * given, is sent instead of `schema`'s JSON schema (a strict shape sent, a lenient one validated).
 */
export async function generateStructured<S extends z.ZodType>(
  provider: LlmProvider,
  req: LlmRequest,
  schema: S,
  fallback: z.infer<S>,
  signal?: AbortSignal,
  wireSchema?: Record<string, unknown>,
): Promise<StructuredResult<z.infer<S>>> {
  const json_schema = wireSchema ?? structuredJsonSchema(schema);
  let messages: LlmMessage[] = req.messages;
  let problem = '';
  for (let attempt = 1; attempt <= 2; attempt += 1) {
    let text: string;
    try {
      const res = await provider.generate({ ...req, messages, json_schema }, signal);
      if (res.finish_reason === 'cancelled') return { value: fallback, fell_back: true, attempts: attempt, error: 'cancelled' };
      text = res.text;
    } catch (err) {
      return { value: fallback, fell_back: true, attempts: attempt, error: (err as Error).message };
    }
    const outcome = check(schema, text);
    if (outcome.ok) return { value: outcome.value, fell_back: false, attempts: attempt, error: null };
    problem = `the reply ${outcome.problem}`;
    messages = [
      ...req.messages,
      { role: 'assistant', content: text.slice(0, 4000) },
      { role: 'user', content: `Your reply ${outcome.problem}. Answer again with only one JSON object that matches the schema.` },
    ];
  }
  return { value: fallback, fell_back: true, attempts: 2, error: problem };
}
