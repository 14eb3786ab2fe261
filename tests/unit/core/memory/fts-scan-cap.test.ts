import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { openDatabase, type Database } from '../../../../src/core/db/index.ts';
import { createRepositories, SCAN_CAP } from '../../../../src/core/repositories.ts';
import { makeTempDir } from '../../../support/temp-dir.ts';
import { memoryFixture } from '../../../support/fixtures.ts';
import { insertBarePersona } from '../../../support/bare-persona.ts';

const temp = makeTempDir();
let db: Database;
const P = 'a1a1a1a1-0000-4000-8000-000000000001';
beforeAll(async () => {
  db = await openDatabase({ file: join(temp.dir, 'cap.sqlite'), migrate: true });
  insertBarePersona(db, P, 'Aria');
  await db.transaction(async (em) => {
    const r = createRepositories(em).memories;
    for (let i = 0; i < SCAN_CAP + 300; i += 1) await r.insert(memoryFixture(P, { content: `common word ${i}${i === 5 ? ' common common common' : ''}` }));
  });
});
afterAll(async () => {
  await db.close();
  temp.cleanup();
});

describe('full-text candidates over many matches', () => {
  it('below the cap every match is ranked; above it the newest SCAN_CAP matches are, so an old strong match can fall out', () => {
    const r = createRepositories(db.manager).memories;
    const rare = r.search(P, ['5'], 10, false);
    expect(rare).toHaveLength(1);
    const common = r.search(P, ['common'], 5, false);
    expect(common).toHaveLength(5);
    const contents = r.getMany(common.map((c) => c.id), false).map((m) => m.content);
    // Memory 5 repeats the word (best BM25) but is older than the newest SCAN_CAP matches.
    expect(contents).not.toContain('common word 5 common common common');
    expect(Number(contents[0]!.split(' ')[2])).toBeGreaterThanOrEqual(300);
  });

  it('a term matching more than SCAN_CAP memories is left out when a rarer term is in the query', () => {
    const r = createRepositories(db.manager).memories;
    const hits = r.search(P, ['common', '5'], 10, false);
    expect(r.getMany(hits.map((h) => h.id), false).map((m) => m.content)).toEqual(['common word 5 common common common']);
  });
});
