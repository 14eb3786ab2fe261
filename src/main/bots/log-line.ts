// Bot processes log JSON lines (pino); the supervisor stores and shows them as readable text.

const LEVELS: Record<number, string> = { 10: 'trace', 20: 'debug', 30: 'info', 40: 'warn', 50: 'error', 60: 'fatal' };
const SKIP = new Set(['level', 'time', 'pid', 'hostname', 'proc', 'module', 'msg', 'err']);

/** `{"level":30,"module":"bot.matrix","msg":"answered","room_id":"!r"}` → `info [bot.matrix] answered room_id=!r`; other text unchanged. */
export function formatLogLine(line: string): string {
  if (!line.startsWith('{')) return line;
  let rec: Record<string, unknown>;
  try {
    rec = JSON.parse(line) as Record<string, unknown>;
  } catch {
    return line;
  }
  if (typeof rec.level !== 'number') return line;
  const level = LEVELS[rec.level] ?? String(rec.level);
  const module = typeof rec.module === 'string' ? ` [${rec.module}]` : '';
  const err = rec.err as { message?: string } | undefined;
  const fields = Object.entries(rec)
    .filter(([k, v]) => !SKIP.has(k) && v !== undefined)
    .map(([k, v]) => `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`);
  if (err?.message) fields.push(`error=${JSON.stringify(err.message)}`);
  return `${level}${module} ${String(rec.msg ?? '')}${fields.length ? ` ${fields.join(' ')}` : ''}`.trim();
}
