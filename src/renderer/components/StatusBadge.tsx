/** A coloured status word: ok (green), warn (amber), bad (red), idle (grey). */
export function StatusBadge({ tone, children, testId }: { tone: 'ok' | 'warn' | 'bad' | 'idle'; children: string; testId?: string }) {
  return <span className={`badge ${tone}`} data-testid={testId}>{children}</span>;
}

/** Maps a supervised child's state to a badge tone. */
export function stateTone(state: string): 'ok' | 'warn' | 'bad' | 'idle' {
  if (state === 'running' || state === 'ok') return 'ok';
  if (state === 'starting' || state === 'waiting' || state === 'backoff') return 'warn';
  if (state === 'failed' || state === 'down') return 'bad';
  return 'idle';
}
