import { useEffect, useRef, useState } from 'react';
import type { BotLogLine } from '../../../shared/index.ts';
import { api } from '../../api/endpoints.ts';
import { isApiError } from '../../api/api-error.ts';
import { useEvents } from '../../hooks/useEvents.ts';

const MAX_LINES = 500;

/**
 * The last log lines of a persona's bot, then every new line live (`bot.log` events). With `unavailable`
 * (no host, no configuration) the host is not asked and that reason is shown instead.
 */
export function BotLogTail({ personaId, unavailable = null }: { personaId: string; unavailable?: string | null }) {
  const [lines, setLines] = useState<BotLogLine[]>([]);
  const [note, setNote] = useState<string | null>(null);
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    let live = true;
    setLines([]);
    setNote(unavailable);
    if (unavailable) return;
    api.botLogs(personaId).then((r) => live && setLines(r.lines), (err: unknown) => {
      if (!live) return;
      if (isApiError(err, 'HOST_NOT_ATTACHED')) setNote('Logs need the host; none are kept while the API runs alone.');
      else if (isApiError(err, 'BOT_NOT_CONFIGURED')) setNote('No bot is configured for this persona yet; save a configuration first.');
      else setNote(`Could not load logs: ${String((err as Error).message)}`);
    });
    return () => { live = false; };
  }, [personaId, unavailable]);
  useEvents((ev) => {
    const line = ev.data as BotLogLine;
    if (line.persona_id !== personaId) return;
    setNote(null);
    setLines((ls) => [...ls, line].slice(-MAX_LINES));
  }, ['bot.log']);
  useEffect(() => {
    box.current?.scrollTo({ top: box.current.scrollHeight });
  }, [lines]);
  return (
    <div>
      {note ? <div className="small muted" data-testid="bot-log-note">{note}</div> : null}
      <div className="log" ref={box} data-testid="bot-log" aria-label="Bot log" role="log">
        {lines.length === 0 ? <span className="muted">No log lines yet.</span> : lines.map((l, i) => (
          <div key={i} className={l.stream}>{new Date(l.at).toLocaleTimeString()} {l.line}</div>
        ))}
      </div>
    </div>
  );
}
