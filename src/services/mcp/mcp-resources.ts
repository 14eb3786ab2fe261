import { z } from 'zod';
import { AppError, isAppError } from '../../shared/index.ts';
import { assignSlugs, type SluggedPersona } from './persona-slugs.ts';
import { parseParams } from './rpc-errors.ts';

/** Calls an operation of the table on the current connection (validation included). */
export type Invoke = (method: string, params: Record<string, unknown>) => Promise<unknown>;

/** Resources per `resources/list` page. */
export const RESOURCE_PAGE = 100;
/** Memories in `persona://{id}/memories`. */
export const RESOURCE_MEMORIES = 100;
const MIME = 'application/json';

/** Every persona with its slug (paging through `persona.list`). */
export async function listSluggedPersonas(invoke: Invoke): Promise<SluggedPersona[]> {
  const all: { id: string; name: string; description: string }[] = [];
  for (;;) {
    const page = (await invoke('persona.list', { limit: 200, offset: all.length })) as { personas: { id: string; name: string; description: string }[]; total_count: number };
    all.push(...page.personas.map((p) => ({ id: p.id, name: p.name, description: p.description })));
    if (page.personas.length === 0 || all.length >= page.total_count) break;
  }
  return assignSlugs(all);
}

const CursorSchema = z.object({ cursor: z.string().optional() }).loose();

/** `resources/list`: both URIs of each persona, 100 per page with an opaque `nextCursor`. */
export async function listResources(invoke: Invoke, params: Record<string, unknown>): Promise<Record<string, unknown>> {
  const { cursor } = parseParams(CursorSchema, params);
  const offset = cursor === undefined ? 0 : Number.parseInt(Buffer.from(cursor, 'base64url').toString('utf8'), 10);
  if (!Number.isSafeInteger(offset) || offset < 0) {
    throw new AppError('INVALID_PARAMS', 'Invalid cursor', { issues: [{ path: ['cursor'], code: 'custom', message: 'unknown cursor' }] });
  }
  const all = (await listSluggedPersonas(invoke)).flatMap((p) => [
    { uri: `persona://${p.id}`, name: p.slug, title: p.name, description: p.description || `${p.name} as a Character Card`, mimeType: MIME },
    { uri: `persona://${p.id}/memories`, name: p.slug, title: p.name, description: `The ${RESOURCE_MEMORIES} most recent memories of ${p.name}`, mimeType: MIME },
  ]);
  const page = all.slice(offset, offset + RESOURCE_PAGE);
  const next = offset + RESOURCE_PAGE < all.length ? Buffer.from(String(offset + RESOURCE_PAGE)).toString('base64url') : undefined;
  return next ? { resources: page, nextCursor: next } : { resources: page };
}

/** `resources/templates/list`. */
export function listResourceTemplates(): Record<string, unknown> {
  return {
    resourceTemplates: [
      { uriTemplate: 'persona://{id}', name: 'persona', title: 'Persona card', description: 'A persona as a Character Card V3 JSON ({id} may be a name)', mimeType: MIME },
      { uriTemplate: 'persona://{id}/memories', name: 'persona-memories', title: 'Persona memories', description: `The ${RESOURCE_MEMORIES} most recent non-archived memories of a persona`, mimeType: MIME },
    ],
  };
}

/**
 * The document of `persona://{id}`: the Character Card V3 from `persona.export` when the table has
 * it, else the persona view from `persona.get` (until card export lands). The one place to change.
 */
export async function personaDocument(invoke: Invoke, ref: string, hasExport: boolean): Promise<unknown> {
  if (hasExport) return ((await invoke('persona.export', { persona_id: ref })) as { card?: unknown }).card;
  return ((await invoke('persona.get', { persona_id: ref })) as { persona: unknown }).persona;
}

/** `{persona_id, memories, total}`: the 100 most recent non-archived memories (via `memory.list`; empty without it). */
export async function personaMemories(invoke: Invoke, ref: string): Promise<Record<string, unknown>> {
  const persona = ((await invoke('persona.get', { persona_id: ref })) as { persona: { id: string } }).persona;
  try {
    const page = (await invoke('memory.list', { persona_id: persona.id, archived: false, order_by: 'created_at', order: 'desc', limit: RESOURCE_MEMORIES })) as { memories: unknown[]; total: number };
    return { persona_id: persona.id, memories: page.memories, total: page.total };
  } catch (err) {
    // A build without memory.list serves an empty list rather than failing the read.
    if (isAppError(err) && err.code === 'METHOD_NOT_FOUND') return { persona_id: persona.id, memories: [], total: 0 };
    throw err;
  }
}

const ReadSchema = z.object({ uri: z.string().min(1).max(2048) }).loose();

/** `resources/read`: unknown URIs and personas → RESOURCE_NOT_FOUND `{uri}`. */
export async function readResource(invoke: Invoke, params: Record<string, unknown>, hasExport: boolean): Promise<Record<string, unknown>> {
  const { uri } = parseParams(ReadSchema, params);
  const notFound = () => new AppError('RESOURCE_NOT_FOUND', `Resource not found: ${uri}`, { details: { uri } });
  const m = /^persona:\/\/([^/]+)(\/memories)?\/?$/.exec(uri);
  if (!m) throw notFound();
  let ref: string;
  try {
    ref = decodeURIComponent(m[1] as string);
  } catch {
    throw notFound();
  }
  try {
    const doc = m[2] ? await personaMemories(invoke, ref) : await personaDocument(invoke, ref, hasExport);
    return { contents: [{ uri, mimeType: MIME, text: JSON.stringify(doc) }] };
  } catch (err) {
    if (isAppError(err) && (err.code === 'PERSONA_NOT_FOUND' || err.code === 'INVALID_PARAMS')) throw notFound();
    throw err;
  }
}
