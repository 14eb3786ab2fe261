import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../../../src/core/db/index.ts';
import { makeTempDir } from '../../../support/temp-dir.ts';
import { insertBarePersona } from '../../../support/bare-persona.ts';

const run = promisify(execFile);
const WRITER = fileURLToPath(new URL('../../../support/db-writer.ts', import.meta.url));
const PERSONA = 'a1a1a1a1-0000-4000-8000-000000000001';

describe('two processes writing one database file', () => {
  const temp = makeTempDir();

  it('loses no write when two writer processes run read-then-write transactions at once', async () => {
    const file = join(temp.dir, 'shared.sqlite');
    const db = await openDatabase({ file, migrate: true });
    insertBarePersona(db, PERSONA, 'Writer');
    await db.close();

    const perWriter = 150;
    const [a, b] = await Promise.all(
      ['A', 'B'].map((tag) => run(process.execPath, [WRITER, file, PERSONA, String(perWriter), tag], { timeout: 60_000 })),
    );
    expect(JSON.parse(a!.stdout).committed).toBe(perWriter);
    expect(JSON.parse(b!.stdout).committed).toBe(perWriter);

    const check = await openDatabase({ file });
    const rows = check.sqlite.prepare("SELECT json_extract(metadata, '$.writer') AS w, count(*) AS n FROM memories GROUP BY w ORDER BY w").all();
    expect(rows).toEqual([{ w: 'A', n: perWriter }, { w: 'B', n: perWriter }]);
    // The FTS index saw every insert from both processes.
    const fts = check.sqlite.prepare("SELECT count(*) AS n FROM memories_fts WHERE memories_fts MATCH 'memory'").get() as { n: number };
    expect(fts.n).toBe(2 * perWriter);
    await check.close();
    temp.cleanup();
  });
});
