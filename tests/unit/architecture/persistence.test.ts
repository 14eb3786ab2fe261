import { readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// Persistence stays in the repositories: SQL text and raw data access (better-sqlite3 statements,
// TypeORM repositories and raw queries, the row codec helpers) appear only in `*.repository.ts`
// files and in src/core/db/**. A concept folder of src/core reaches another concept's data through
// the unit of work (src/core/repositories.ts) or that concept's service, never by importing its
// repository file.
const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const SRC = join(ROOT, 'src');
const CORE = join(SRC, 'core');

/** Files still holding SQL, each with the reason; a stale entry fails the test so the list only shrinks. */
const KNOWN: Record<string, string> = {};

/** What counts as persistence, by name (matched per line, comments skipped). */
const RULES: { name: string; re: RegExp }[] = [
  {
    name: 'SQL text',
    re: /(?:['"`][^'"`]*|^\s*)\b(?:SELECT\s+(?:DISTINCT\s+)?[\w*"(@]|INSERT\s+(?:OR\s+\w+\s+)?INTO\s|UPDATE\s+"?\w+"?\s+SET\s|DELETE\s+FROM\s|(?:CREATE|DROP|ALTER)\s+(?:TABLE|INDEX|VIEW|TRIGGER)\s|PRAGMA\s+\w)|['"`](?:BEGIN(?:\s+\w+)?|COMMIT|ROLLBACK)['"`]/,
  },
  { name: 'prepared statement', re: /\.(?:prepare|pragma)\(/ },
  { name: 'raw exec', re: /\b(?:sqlite|db|database|conn|connection)\.exec\(|\.exec\(\s*['"`]/ },
  { name: 'raw query', re: /\b(?:manager|em|tx|runner|queryRunner|dataSource)\.query\(|\.query\(\s*['"`]/ },
  { name: 'TypeORM repository', re: /\.getRepository\(|\.createQueryBuilder\(/ },
  { name: 'row helper', re: /\b(?:sqliteOf|insertRow|findRow|upsertRow|prepared|decodeRow|cachedRow|toSqlValues|asRowValues)\(/ },
  { name: 'raw connection', re: /\.sqlite\b(?![\w'"`-])/ },
];

/** The persistence lines of one file's text, as `line: rule: code`. */
function persistenceLines(text: string): string[] {
  const out: string[] = [];
  text.split('\n').forEach((line, i) => {
    if (/^\s*(?:\/\/|\/\*|\*)/.test(line)) return;
    for (const rule of RULES) if (rule.re.test(line)) out.push(`${i + 1}: ${rule.name}: ${line.trim()}`);
  });
  return out;
}

/** True for files allowed to hold persistence: repositories and the db folder. */
const isPersistenceHome = (rel: string) => rel.endsWith('.repository.ts') || rel.startsWith('src/core/db/');

/** The concept folder of a file under src/core (null for files at its top, such as repositories.ts). */
function conceptOf(abs: string): string | null {
  const parts = relative(CORE, abs).split(sep);
  return parts.length > 1 && parts[0] !== '..' ? (parts[0] as string) : null;
}

/** Imports of another concept's repository file from `file`, as `spec (reason)`. */
function crossConceptRepositoryImports(file: string, text: string): string[] {
  const out: string[] = [];
  const re = /(?:import|export)\s+(?:type\s+)?(?:[^'";]*?from\s+)?['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g;
  for (const m of text.matchAll(re)) {
    const spec = (m[1] ?? m[2]) as string;
    if (!spec.startsWith('.') || !/\.repository(?:\.ts)?$/.test(spec)) continue;
    const target = resolve(dirname(file), spec);
    // The composition root (src/core/*.ts: the unit of work, createCore and its parts) wires every concept.
    if (dirname(file) === CORE) continue;
    const from = conceptOf(file);
    const to = conceptOf(target);
    if (from === null || from !== to) out.push(`${spec} (${from ?? relative(ROOT, file)} may not import a ${to ?? 'foreign'} repository)`);
  }
  return out;
}

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (name === 'node_modules' || name === 'dist') return [];
    return statSync(path).isDirectory() ? files(path) : /\.(ts|tsx)$/.test(name) ? [path] : [];
  });
}

const posix = (abs: string) => relative(ROOT, abs).split(sep).join('/');

describe('persistence lives in repositories', () => {
  const all = files(SRC);

  it('finds the source tree and its repositories', () => {
    expect(all.length).toBeGreaterThan(50);
    expect(all.filter((f) => f.endsWith('.repository.ts')).length).toBeGreaterThan(5);
  });

  it('no SQL or raw data access outside *.repository.ts and src/core/db', () => {
    const offenders: string[] = [];
    for (const file of all) {
      const rel = posix(file);
      if (isPersistenceHome(rel) || rel in KNOWN) continue;
      for (const hit of persistenceLines(readFileSync(file, 'utf8'))) offenders.push(`${rel}:${hit}`);
    }
    expect(offenders).toEqual([]);
  });

  it('every known exception still needs its entry', () => {
    const stale = Object.keys(KNOWN).filter((rel) => persistenceLines(readFileSync(join(ROOT, rel), 'utf8')).length === 0);
    expect(stale).toEqual([]);
  });

  it('a concept folder imports only its own repository file', () => {
    const offenders: string[] = [];
    for (const file of all) {
      for (const hit of crossConceptRepositoryImports(file, readFileSync(file, 'utf8'))) offenders.push(`${posix(file)} → ${hit}`);
    }
    expect(offenders).toEqual([]);
  });

  it('the matcher flags each kind of persistence and leaves ordinary code alone', () => {
    const offending: [rule: string, line: string][] = [
      ['SQL text', "const rows = rowsOf('SELECT id FROM conversations WHERE id = ?', [id]);"],
      ['SQL text', '    `SELECT p.id FROM personas p JOIN interaction_states s ON s.persona_id = p.id'],
      ['SQL text', 'const ins = `INSERT OR REPLACE INTO memory_embeddings (memory_id) VALUES (?)`;'],
      ['SQL text', "run('UPDATE interaction_states SET last_pruned_at = ? WHERE persona_id = ?');"],
      ['SQL text', "const sql = 'DELETE FROM sessions WHERE id = ?';"],
      ['SQL text', "send('BEGIN IMMEDIATE');"],
      ['prepared statement', 'const st = handle.prepare(sql);'],
      ['raw exec', 'sqlite.exec(sql);'],
      ['raw query', 'await core.db.manager.query(sql);'],
      ['TypeORM repository', 'await em.getRepository(PruneRunEntity).insert(row);'],
      ['row helper', "insertRow(handle, 'memories', row);"],
      ['raw connection', 'const open = ctx.core.db.sqlite.inTransaction;'],
    ];
    expect(new Set(offending.map(([rule]) => rule))).toEqual(new Set(RULES.map((r) => r.name)));
    for (const [rule, line] of offending) expect(persistenceLines(line).map((h) => h.split(': ')[1]), line).toContain(rule);
    const ordinary = [
      'while (re.exec(lowerText)) n += 1;',
      'const m = /^Bearer\\s+(\\S+)\\s*$/i.exec(req.authorization);',
      "return join(dataDir, 'persona-mcp.sqlite');",
      "label: 'Select a persona to update',",
      '// SELECT * FROM personas (a comment)',
      'const query = input.query.trim();',
    ];
    for (const line of ordinary) expect(persistenceLines(line), line).toEqual([]);
    expect(isPersistenceHome('src/core/memory/memory.repository.ts')).toBe(true);
    expect(isPersistenceHome('src/core/db/row-codec.ts')).toBe(true);
    expect(isPersistenceHome('src/core/memory/memory.service.ts')).toBe(false);
  });

  it('the import rule flags a cross-concept repository import and allows the own folder and the unit of work', () => {
    const chat = join(CORE, 'chat', 'post-turn.ts');
    expect(crossConceptRepositoryImports(chat, "import { createMemoryRepository } from '../memory/memory.repository.ts';")).toHaveLength(1);
    expect(crossConceptRepositoryImports(chat, "import type { SessionRepository } from './session.repository.ts';")).toEqual([]);
    expect(crossConceptRepositoryImports(chat, "import { createRepositories } from '../repositories.ts';")).toEqual([]);
    expect(crossConceptRepositoryImports(join(CORE, 'repositories.ts'), "export * from './memory/memory.repository.ts';")).toEqual([]);
    const service = join(SRC, 'services', 'mcp', 'server.ts');
    expect(crossConceptRepositoryImports(service, "import { x } from '../../core/memory/memory.repository.ts';")).toHaveLength(1);
  });
});
