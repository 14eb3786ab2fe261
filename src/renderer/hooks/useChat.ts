import { useCallback, useRef, useState } from 'react';
import { streamChat } from '../api/chat-stream.ts';
import type { ChatResult } from '../api/types.ts';
import { recordEmotion } from './events-store.ts';

/** One line of the playground transcript. */
export interface ChatLine {
  id: number;
  role: 'user' | 'persona';
  text: string;
  streaming?: boolean;
  stopped?: boolean;
  error?: unknown;
  result?: ChatResult;
}

/**
 * The chat playground's state: the transcript, a send function that streams the reply into the last
 * line, and stop (aborts the fetch, which cancels the reply server-side). Keeps the session across turns.
 */
export function useChat(personaId: string, participant: { id: string; display_name: string }) {
  const [lines, setLines] = useState<ChatLine[]>([]);
  const [busy, setBusy] = useState(false);
  const abort = useRef<AbortController | null>(null);
  const session = useRef<string | undefined>(undefined);
  const nextId = useRef(1);

  const patchLast = (patch: (l: ChatLine) => ChatLine) => setLines((ls) => ls.map((l, i) => (i === ls.length - 1 ? patch(l) : l)));

  const send = useCallback(async (message: string) => {
    const controller = new AbortController();
    abort.current = controller;
    setBusy(true);
    setLines((ls) => [...ls, { id: nextId.current++, role: 'user', text: message }, { id: nextId.current++, role: 'persona', text: '', streaming: true }]);
    try {
      const result = await streamChat(personaId, message, {
        participant: { ...participant, platform: 'dashboard' },
        ...(session.current ? { session_id: session.current } : {}),
      }, (delta) => patchLast((l) => ({ ...l, text: l.text + delta })), controller.signal);
      session.current = result.session_id;
      recordEmotion(personaId, result.emotion);
      patchLast((l) => ({ ...l, text: result.response || l.text, streaming: false, result }));
    } catch (err) {
      if (controller.signal.aborted) patchLast((l) => ({ ...l, streaming: false, stopped: true }));
      else patchLast((l) => ({ ...l, streaming: false, error: err }));
    } finally {
      abort.current = null;
      setBusy(false);
    }
  }, [personaId, participant.id, participant.display_name]);

  const stop = useCallback(() => abort.current?.abort(), []);
  const reset = useCallback(() => {
    abort.current?.abort();
    session.current = undefined;
    setLines([]);
  }, []);
  return { lines, busy, send, stop, reset };
}
