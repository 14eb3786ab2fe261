// Per-bot log files `<data dir>/logs/bot-<persona_id>.log` as JSON lines (BotLogLine), rotated by
// size: the full file becomes `.1`, `.1` becomes `.2`, … and the oldest beyond `keep` is dropped.
import { appendFileSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { BotLogLineSchema, type BotLogLine } from '../../shared/index.ts';

/** Size cap and number of rotated files kept. */
export interface LogRotation {
  maxBytes: number;
  keep: number;
}

/** Default: 1 MiB per file, 3 rotated files. */
export const DEFAULT_LOG_ROTATION: Readonly<LogRotation> = Object.freeze({ maxBytes: 1024 * 1024, keep: 3 });

/** The log file of a persona's bot. */
export function botLogFile(dataDir: string, personaId: string): string {
  return join(dataDir, 'logs', `bot-${personaId}.log`);
}

/** Appends and reads one bot's log lines. */
export interface BotLogFile {
  append(line: BotLogLine): void;
  /** The last `limit` lines across the rotated files, oldest first. */
  tail(limit: number): BotLogLine[];
}

/** Opens (lazily creates) the rotating log of one bot. */
export function openBotLogFile(file: string, rotation: LogRotation = DEFAULT_LOG_ROTATION): BotLogFile {
  let size = existsSync(file) ? statSync(file).size : -1;
  const rotate = () => {
    rmSync(`${file}.${rotation.keep}`, { force: true });
    for (let i = rotation.keep - 1; i >= 1; i -= 1) if (existsSync(`${file}.${i}`)) renameSync(`${file}.${i}`, `${file}.${i + 1}`);
    if (rotation.keep >= 1) renameSync(file, `${file}.1`);
    else rmSync(file, { force: true });
    size = 0;
  };
  const readLines = (path: string): BotLogLine[] => {
    if (!existsSync(path)) return [];
    const out: BotLogLine[] = [];
    for (const raw of readFileSync(path, 'utf8').split('\n')) {
      if (!raw) continue;
      try {
        const parsed = BotLogLineSchema.safeParse(JSON.parse(raw));
        if (parsed.success) out.push(parsed.data);
      } catch {
        // a torn last line after a crash is skipped
      }
    }
    return out;
  };
  return {
    append(line) {
      if (size < 0) {
        mkdirSync(join(file, '..'), { recursive: true });
        size = 0;
      }
      const text = `${JSON.stringify(line)}\n`;
      if (size > 0 && size + Buffer.byteLength(text) > rotation.maxBytes) rotate();
      appendFileSync(file, text, { mode: 0o600 });
      size += Buffer.byteLength(text);
    },
    tail(limit) {
      const out: BotLogLine[] = [];
      for (const path of [file, ...Array.from({ length: rotation.keep }, (_, i) => `${file}.${i + 1}`)]) {
        out.unshift(...readLines(path));
        if (out.length >= limit) break;
      }
      return limit > 0 ? out.slice(-limit) : [];
    },
  };
}
