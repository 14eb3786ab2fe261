import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { PersonaCreateInputSchema, isoNow } from '../../shared/index.ts';
import type { CoreContext } from '../core-context.ts';
import { createRepositories } from '../repositories.ts';
import { getLogger } from '../logger/index.ts';
import { newPersona } from './persona-input.model.ts';
import { insertPersona } from './persona.service.ts';

const log = getLogger('seed');

/** Folder of the seed persona files (`resources/seed/*.json`). */
export const SEED_DIR = fileURLToPath(new URL('../../../resources/seed/', import.meta.url));

/**
 * Seeds the default personas once, on the first start of an empty database.
 * A `seeded` flag is kept, so deleting the seeds later never brings them back over user data.
 * Returns the names created (empty when already seeded or personas exist).
 */
export async function seedDefaultPersonas(core: CoreContext, dir: string = SEED_DIR): Promise<string[]> {
  const now = core.now();
  const created = await core.db.transaction(async (em) => {
    const repos = createRepositories(em);
    if (await repos.settings.get<boolean>('seeded')) return [];
    const names: string[] = [];
    if ((await repos.personas.count()) === 0) {
      for (const file of readdirSync(dir).filter((f) => f.endsWith('.json')).sort()) {
        const raw = JSON.parse(readFileSync(join(dir, file), 'utf8')) as { id: string } & Record<string, unknown>;
        const input = PersonaCreateInputSchema.parse(raw);
        const persona = newPersona(input, isoNow(now), raw.id);
        await insertPersona(em, persona, now);
        names.push(persona.name);
      }
    }
    await repos.settings.set('seeded', true, isoNow(now));
    return names;
  });
  if (created.length) log.info({ personas: created }, 'seeded default personas');
  return created;
}
