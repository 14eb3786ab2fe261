import { z } from 'zod';
import type { LlmProvider, LlmRequest } from './llm-provider.ts';

/** Pulls the first JSON object out of model text (tolerates code fences and chatter around it). */
export function extractJson(text: string): unknown {
  const unfenced = text.replace(/```(?:json)?/gi, '');
  const start = unfenced.indexOf('{');
  const end = unfenced.lastIndexOf('}');
  if (start < 0 || end <= start) throw new Error('no JSON object in the reply');
  return JSON.parse(unfenced.slice(start, end + 1));
}

/**
 * Structured output: the zod schema goes to the provider as a JSON schema, the reply is parsed
 * tolerantly and validated; one retry, then `fallback` (with `fell_back: true`).
 */
export async function generateStructured<S extends z.ZodType>(
  provider: LlmProvider,
  req: LlmRequest,
  schema: S,
  fallback: z.infer<S>,
  signal?: AbortSignal,
): Promise<{ value: z.infer<S>; fell_back: boolean; attempts: number }> {
  const json_schema = z.toJSONSchema(schema) as Record<string, unknown>;
  for (let attempt = 1; attempt <= 2; attempt += 1) {
    try {
      const res = await provider.generate({ ...req, json_schema }, signal);
      const parsed = schema.safeParse(extractJson(res.text));
      if (parsed.success) return { value: parsed.data, fell_back: false, attempts: attempt };
    } catch {
      // A failed attempt (provider error or unparsable reply) is retried once, then falls back.
    }
    if (signal?.aborted) break;
  }
  return { value: fallback, fell_back: true, attempts: 2 };
}
