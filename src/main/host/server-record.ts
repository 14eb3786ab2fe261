// `<data dir>/server.json`: which server uses a data dir, where it listens and the configuration it
// started with (secrets hidden, with the source of each value). Written by `--server` once it is up,
// removed when it stops; the CLI reads it so `call` and `config` speak about the running server.
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';

/** The file name inside the data dir. */
export const SERVER_RECORD_FILE = 'server.json';

const ServerRecordSchema = z.object({
  pid: z.number().int().positive(),
  started_at: z.string(),
  version: z.string(),
  data_dir: z.string(),
  urls: z.object({ mcp: z.string(), api: z.string().nullable() }),
  config_file: z.string().nullable(),
  /** The configuration the server loaded (redacted), before run-time settings. */
  config: z.record(z.string(), z.unknown()),
  /** Dotted key → where its value came from (default, file, env, flag). */
  sources: z.record(z.string(), z.string()),
});

/** What a running server says about itself. */
export type ServerRecord = z.infer<typeof ServerRecordSchema>;

/** Writes the record (owner-only). */
export function writeServerRecord(dataDir: string, record: ServerRecord): void {
  writeFileSync(join(dataDir, SERVER_RECORD_FILE), `${JSON.stringify(record, null, 2)}\n`, { mode: 0o600 });
}

/** Removes the record if it is still this process's (`pid`). */
export function removeServerRecord(dataDir: string, pid: number): void {
  const current = readRecord(dataDir);
  if (current?.pid === pid) rmSync(join(dataDir, SERVER_RECORD_FILE), { force: true });
}

/** The record of a server that is still running, or null (none, unreadable, or its process is gone). */
export function readLiveServer(dataDir: string, isAlive: (pid: number) => boolean = processAlive): ServerRecord | null {
  const record = readRecord(dataDir);
  return record && isAlive(record.pid) ? record : null;
}

function readRecord(dataDir: string): ServerRecord | null {
  try {
    const parsed = ServerRecordSchema.safeParse(JSON.parse(readFileSync(join(dataDir, SERVER_RECORD_FILE), 'utf8')));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: it exists but belongs to someone else.
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}
