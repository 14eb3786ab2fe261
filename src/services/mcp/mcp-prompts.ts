import { z } from 'zod';
import { AppError } from '../../shared/index.ts';
import { buildRoleplayPrompt, type CoreContext } from '../../core/index.ts';
import { listSluggedPersonas, type Invoke } from './mcp-resources.ts';
import { parseParams } from './rpc-errors.ts';

const shared = [
  { name: 'participant_name', description: 'Who the persona talks to (default "User")', required: false },
  { name: 'message', description: 'A first message; memories are recalled for it', required: false },
];

/** `prompts/list`: `roleplay` and one `roleplay-{slug}` per persona. */
export async function listPrompts(invoke: Invoke): Promise<Record<string, unknown>> {
  const personas = await listSluggedPersonas(invoke);
  return {
    prompts: [
      {
        name: 'roleplay', title: 'Roleplay', description: 'Roleplay as a persona: character, feelings and memories as a system prompt',
        arguments: [{ name: 'persona', description: 'Persona id or name', required: true }, ...shared],
      },
      ...personas.map((p) => ({
        name: `roleplay-${p.slug}`, title: `Roleplay as ${p.name}`, description: p.description || `Roleplay as ${p.name}`, arguments: shared,
      })),
    ],
  };
}

const GetSchema = z.object({ name: z.string().min(1).max(256), arguments: z.record(z.string(), z.string()).optional() }).loose();

/** `prompts/get`: unknown prompt or missing `persona` → INVALID_PARAMS (-32602). Read-only. */
export async function getPrompt(core: CoreContext, invoke: Invoke, params: Record<string, unknown>): Promise<Record<string, unknown>> {
  const { name, arguments: args = {} } = parseParams(GetSchema, params);
  let persona: string | undefined;
  if (name === 'roleplay') {
    persona = args.persona?.trim() || undefined;
    if (!persona) {
      throw new AppError('INVALID_PARAMS', 'The roleplay prompt needs the persona argument', {
        issues: [{ path: ['arguments', 'persona'], code: 'invalid_type', message: 'required' }],
      });
    }
  } else if (name.startsWith('roleplay-')) {
    const slug = name.slice('roleplay-'.length);
    persona = (await listSluggedPersonas(invoke)).find((p) => p.slug === slug)?.id;
  }
  if (!persona) throw new AppError('INVALID_PARAMS', `Unknown prompt: ${name}`, { details: { prompt: name } });
  const prompt = await buildRoleplayPrompt(core, {
    persona,
    ...(args.participant_name ? { participant_name: args.participant_name } : {}),
    ...(args.message ? { message: args.message } : {}),
  });
  return { description: prompt.description, messages: prompt.messages };
}
