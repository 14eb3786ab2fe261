import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { openDatabase, type Database } from '../../../../src/core/db/index.ts';
import { createRepositories, SCAN_CAP, UBIQUITY_CAP } from '../../../../src/core/repositories.ts';
import { makeTempDir } from '../../../support/temp-dir.ts';
import { memoryFixture } from '../../../support/fixtures.ts';
import { insertBarePersona } from '../../../support/bare-persona.ts';
import { bulkSeedMemories } from '../../../support/bulk-seed.ts';

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

  it('search across personas (memory.search_cross_persona) ranks the same bounded match set', async () => {
    const Q = 'b2b2b2b2-0000-4000-8000-000000000002';
    insertBarePersona(db, Q, 'Kira');
    await db.transaction(async (em) => {
      const r = createRepositories(em).memories;
      // Kira's public memory repeats the word, then SCAN_CAP newer matches of Aria's follow it.
      await r.insert(memoryFixture(Q, { content: 'common common common lore of the hills', visibility: 'public' }));
      for (let i = 0; i < SCAN_CAP; i += 1) await r.insert(memoryFixture(P, { content: 'common filler', visibility: 'public' }));
    });
    const r = createRepositories(db.manager).memories;
    const scope = { own: false, shared: true, public: true, min_importance: 0 };
    // A rarer word of the same memory finds it; the common word alone ranks only the newest SCAN_CAP matches.
    expect(r.searchVisible(['hills'], 10, P, scope).map((h) => h.persona_id)).toEqual([Q]);
    expect(r.searchVisible(['common', 'hills'], 10, P, scope).map((h) => h.persona_id)).toEqual([Q]);
    expect(r.searchVisible(['common'], 10, P, scope)).toEqual([]);
    // Aria's own public memories are among the newest matches: with include_own they are ranked.
    expect(r.searchVisible(['common'], 10, P, { ...scope, own: true }).map((h) => h.persona_id)).toEqual(Array(10).fill(P));
  });

  it('a term matching more than SCAN_CAP memories is left out when a rarer term is in the query', () => {
    const r = createRepositories(db.manager).memories;
    const hits = r.search(P, ['common', '5'], 10, false);
    expect(r.getMany(hits.map((h) => h.id), false).map((m) => m.content)).toEqual(['common word 5 common common common']);
  });
});

describe('full-text candidates when every term is in more than UBIQUITY_CAP memories', () => {
  const temp2 = makeTempDir();
  let big: Database;
  const n = UBIQUITY_CAP + 500;
  beforeAll(async () => {
    big = await openDatabase({ file: join(temp2.dir, 'ubiquity.sqlite'), migrate: true });
    insertBarePersona(big, P, 'Aria');
    // Every memory says "alpha"; all but every 50th "beta" too (both ubiquitous); every fourth "gamma" (common, not ubiquitous).
    bulkSeedMemories(big.sqlite, { personaId: P, count: n, text: (i) => `alpha ${i % 50 ? 'beta' : 'delta'} ${i % 4 === 0 ? 'gamma' : 'omega'} note ${i}` });
  });
  afterAll(async () => {
    await big.close();
    temp2.cleanup();
  });

  it('ranks the newest SCAN_CAP matches by how many of the query terms they hold', () => {
    const r = createRepositories(big.manager).memories;
    const hits = r.search(P, ['alpha', 'beta'], 2000, false);
    expect(hits).toHaveLength(SCAN_CAP);
    // 980 of the newest 1,000 hold both terms and come first; the 20 holding only "alpha" come last.
    expect(hits.slice(0, 980).every((h) => h.bm25 === 2)).toBe(true);
    expect(hits.slice(980).every((h) => h.bm25 === 1)).toBe(true);
    // Only the newest matches: every hit is among the last SCAN_CAP memories written.
    const numbers = r.getMany(hits.map((h) => h.id), false).map((m) => Number(m.content.split(' ').pop()));
    expect(Math.min(...numbers)).toBe(n - SCAN_CAP);
  });

  it('a ubiquitous term is left out of BM25 when a merely common one is in the query', () => {
    const r = createRepositories(big.manager).memories;
    const hits = r.search(P, ['alpha', 'gamma'], 50, false);
    expect(hits).toHaveLength(50);
    expect(r.getMany(hits.map((h) => h.id), false).every((m) => m.content.includes('gamma'))).toBe(true);
    expect(hits.every((h) => h.bm25 > 0 && h.bm25 !== 1)).toBe(true);
  });

  it('another persona\'s better matches do not crowd out the persona\'s own', () => {
    const Q = 'b2b2b2b2-0000-4000-8000-000000000002';
    insertBarePersona(big, Q, 'Kira');
    bulkSeedMemories(big.sqlite, { personaId: Q, count: 3, text: (i) => `gamma and ${'many other words '.repeat(10)}for Kira ${i}` });
    const r = createRepositories(big.manager).memories;
    const hits = r.search(Q, ['gamma'], 10, false);
    expect(r.getMany(hits.map((h) => h.id), false).map((m) => m.content.split(' ').pop()).sort()).toEqual(['0', '1', '2']);
  });
});
