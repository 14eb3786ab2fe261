// Child process for the two-writer test: opens the shared SQLite file and performs N read-then-write
// transactions through the real repositories, then reports how many it committed.
import { randomUUID } from 'node:crypto';
import { openDatabase } from '../../src/core/db/index.ts';
import { createRepositories } from '../../src/core/repositories.ts';

const [file, personaId, countArg, tag] = process.argv.slice(2);
const count = Number(countArg);
const db = await openDatabase({ file: file as string });
let committed = 0;
for (let i = 0; i < count; i += 1) {
  await db.transaction(async (em) => {
    const repos = createRepositories(em);
    // Read first, then write: the pattern that fails under deferred transactions when another
    // process commits in between.
    const before = repos.memories.count(personaId as string);
    const now = new Date().toISOString();
    await repos.memories.insert({
      id: randomUUID(), persona_id: personaId as string, content: `${tag} memory ${i} after ${before}`,
      memory_type: 'observation', importance: 0.5, base_importance: 0.5, importance_source: 'manual',
      emotional_valence: 0, visibility: 'private', witnessed_by: [], related_personas: [], participant_key: null,
      session_id: null, conversation_id: null, channel: null, pinned: false, metadata: { writer: tag, i },
      created_at: now, last_accessed_at: null, restored_at: null, accessed_count: 0, subject_key: null, fact_key: null, source_key: null,
    });
  });
  committed += 1;
}
await db.close();
process.stdout.write(JSON.stringify({ committed }));
