// Owner-only files and folders: the data dir (0700) and what holds secrets or user data in it (the
// SQLite file and its -wal/-shm, the secret store's files, config.json: 0600). New ones are created
// so; existing ones with group or other bits (an install from before, a generous umask) are narrowed
// when opened. POSIX only: Windows has no such modes (the user profile's ACLs protect the data dir).
import { chmodSync, closeSync, existsSync, fsyncSync, mkdirSync, openSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { getLogger } from '../logger/index.ts';

const log = getLogger('secrets');

/** Mode of an owner-only folder. */
export const OWNER_ONLY_DIR = 0o700;
/** Mode of an owner-only file. */
export const OWNER_ONLY_FILE = 0o600;

/** True where file modes are enforced (everything but Windows). */
export const POSIX_MODES = process.platform !== 'win32';

/**
 * Narrows `path` to `mode` when it exists and grants group or other anything; logs what it did.
 * Returns true when the mode was changed. A failure (not the owner) is logged, not thrown.
 */
export function narrowToOwner(path: string, mode: number = OWNER_ONLY_FILE): boolean {
  if (!POSIX_MODES || !existsSync(path)) return false;
  const current = statSync(path).mode & 0o777;
  if ((current & 0o077) === 0) return false;
  try {
    chmodSync(path, mode);
    log.info({ path, from: current.toString(8), to: mode.toString(8) }, 'narrowed to owner-only');
    return true;
  } catch (err) {
    log.warn({ path, err: (err as Error).message }, 'could not narrow to owner-only');
    return false;
  }
}

/** Creates `dir` (with missing parents) owner-only, or narrows an existing one to 0700. */
export function ensureOwnerOnlyDir(dir: string): void {
  if (!existsSync(dir)) mkdirSync(dir, { recursive: true, mode: OWNER_ONLY_DIR });
  narrowToOwner(dir, OWNER_ONLY_DIR);
}

/** Creates an empty owner-only file when `file` is missing, else narrows it to 0600. */
export function ensureOwnerOnlyFile(file: string): void {
  if (!existsSync(file)) {
    try {
      closeSync(openSync(file, 'wx', OWNER_ONLY_FILE));
    } catch (err) {
      // Another process created it in the meantime: narrow theirs instead.
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
  }
  narrowToOwner(file);
}

/**
 * Writes `data` to `file` atomically and owner-only: a 0600 temp file beside it, flushed to disk,
 * renamed over the old one (a reader or a crash never sees half a file); the folder is created 0700.
 */
export function writeOwnerOnlyFile(file: string, data: string | Buffer): void {
  const dir = dirname(file);
  ensureOwnerOnlyDir(dir);
  const tmp = `${file}.${process.pid}.tmp`;
  try {
    const fd = openSync(tmp, 'w', OWNER_ONLY_FILE);
    try {
      writeFileSync(fd, data);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    // A temp file left by a crashed writer keeps its old mode: narrow it before it takes the name.
    if (POSIX_MODES) chmodSync(tmp, OWNER_ONLY_FILE);
    renameSync(tmp, file);
  } catch (err) {
    rmSync(tmp, { force: true });
    throw err;
  }
  syncDir(dir);
}

/** Flushes a folder's entries (the rename) to disk; POSIX only, and best effort. */
function syncDir(dir: string): void {
  if (!POSIX_MODES) return;
  try {
    const fd = openSync(dir, 'r');
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  } catch {
    // Some file systems refuse fsync on a folder; the file itself is already on disk.
  }
}
