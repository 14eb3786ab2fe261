// Child output → host log, one line at a time with a `[name]` prefix.
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';

/** Longest line passed on; longer lines are cut (a runaway child must not flood the host's memory). */
export const MAX_LINE_CHARS = 8192;

/**
 * Reads `stream` line by line and calls `onLine(line)` for each (cut to MAX_LINE_CHARS).
 * Returns a function that stops reading; reading also ends with the stream.
 */
export function pipeLines(stream: Readable | null, onLine: (line: string) => void): () => void {
  if (!stream) return () => {};
  const rl = createInterface({ input: stream, crlfDelay: Infinity });
  rl.on('line', (line) => onLine(line.length > MAX_LINE_CHARS ? `${line.slice(0, MAX_LINE_CHARS)}…` : line));
  // A destroyed pipe (child killed) is the end of its output, not a host error.
  stream.on('error', () => rl.close());
  return () => rl.close();
}
