import { useEffect, useMemo, useRef, useState, type FormEvent } from 'react';
import { errorText } from '../../api/api-error.ts';
import { useChat, type ChatLine } from '../../hooks/useChat.ts';
import { speakerParticipant, useSpeakerName } from '../../hooks/useSpeakerName.ts';
import { fmt2 } from '../../format.ts';
import { EmptyState } from '../EmptyState.tsx';
import { LearnedFacts } from './LearnedFacts.tsx';
import { MemoriesUsed } from './ScoreComponents.tsx';
import { SpeakerPrompt } from './SpeakerPrompt.tsx';
import { api } from '../../api/endpoints.ts';
import { useApiData } from '../../hooks/useApiData.ts';

/**
 * The chat playground: asks who is talking (remembered in this browser), then streamed replies with a
 * Stop button, and what each reply used and changed.
 */
export function ChatTab({ personaId, personaName }: { personaId: string; personaName: string }) {
  const [who, setWho] = useSpeakerName();
  const [renaming, setRenaming] = useState(false);
  // Until this browser has a name, the prompt offers the account running the server (the operator's own on a desktop).
  const health = useApiData(() => api.health(), []);
  const operator = health.data?.operator ?? '';
  const participant = useMemo(() => speakerParticipant(who), [who]);
  const chat = useChat(personaId, participant);
  const [message, setMessage] = useState('');
  const log = useRef<HTMLDivElement>(null);
  useEffect(() => {
    log.current?.scrollTo({ top: log.current.scrollHeight });
  }, [chat.lines]);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const text = message.trim();
    if (!text || chat.busy || !who) return;
    setMessage('');
    void chat.send(text);
  };
  const last = [...chat.lines].reverse().find((l) => l.result)?.result;
  return (
    <div className="grid-2">
      <div className="card">
        {!who || renaming
          ? <SpeakerPrompt key={who} initial={who || operator} onDone={(name) => { if (name !== who) chat.reset(); setWho(name); setRenaming(false); }} {...(who ? { onCancel: () => setRenaming(false) } : {})} />
          : (
            <div className="row" style={{ marginBottom: 8 }}>
              <span className="small">Talking as <strong data-testid="chat-as">{who}</strong></span>
              <button type="button" className="small" onClick={() => setRenaming(true)}>Change name</button>
              <span className="spacer" />
              <button type="button" className="small" onClick={chat.reset} disabled={!chat.lines.length}>New session</button>
            </div>
          )}
        <div className="chat-log" ref={log} data-testid="chat-log" aria-live="polite">
          {chat.lines.length === 0 ? <EmptyState title={`Say hello to ${personaName || 'this persona'}`}>Replies stream in as they are generated; memories, emotion and the relationship update after each turn.</EmptyState> : null}
          {chat.lines.map((l) => <Line key={l.id} line={l} personaId={personaId} />)}
        </div>
        <form className="row" onSubmit={submit} style={{ marginTop: 8, flexWrap: 'nowrap' }}>
          <input aria-label="Message" placeholder={who ? 'Message' : 'Say who is talking first'} value={message} disabled={!who} onChange={(e) => setMessage(e.target.value)} data-testid="chat-input" />
          {chat.busy
            ? <button type="button" className="danger" onClick={chat.stop} data-testid="chat-stop">Stop</button>
            : <button type="submit" className="primary" disabled={!message.trim() || !who} data-testid="chat-send">Send</button>}
        </form>
      </div>
      <div className="card" data-testid="chat-details">
        <h2>Last reply</h2>
        {last ? (<>
          <dl className="kv small">
            <dt>LLM</dt><dd>{last.llm}{last.model ? ` · ${last.model}` : ''} ({last.response_type})</dd>
            <dt>Time</dt><dd>{Math.round(last.processing_time * 1000)} ms total · {Math.round(last.llm_time_ms)} ms LLM · {last.tokens_used} tokens</dd>
            <dt>Emotion</dt><dd data-testid="chat-emotion">{last.emotion.emotion} · mood {fmt2(last.emotion.mood)} · energy {fmt2(last.emotion.energy_level)}</dd>
            <dt>Relationship</dt><dd>{last.relationship.relationship_type} · affinity {fmt2(last.relationship.affinity)} ({signed(last.relationship.delta.affinity)}) · trust {fmt2(last.relationship.trust)} ({signed(last.relationship.delta.trust)})</dd>
          </dl>
          <h3 style={{ marginTop: 10 }}>Memories used</h3>
          <MemoriesUsed memories={last.memories_used} />
        </>) : <div className="small muted">Send a message to see the memories used (with score components), the emotion and the relationship change.</div>}
      </div>
    </div>
  );
}

const signed = (x: number) => `${x >= 0 ? '+' : ''}${x.toFixed(3)}`;

function Line({ line, personaId }: { line: ChatLine; personaId: string }) {
  return (
    <div className={`msg ${line.role}${line.streaming ? ' cursor' : ''}`} data-testid={line.role === 'user' ? 'chat-user' : 'chat-reply'}>
      {line.text || (line.streaming ? '' : line.error ? '' : '(no text)')}
      {line.stopped ? <div className="meta">Stopped.</div> : null}
      {line.error ? <div className="meta" role="alert">Failed — {errorText(line.error)}</div> : null}
      {line.result?.llm_error ? <div className="meta">LLM unavailable, offline reply: {line.result.llm_error.message}</div> : null}
      {line.result ? <LearnedFacts personaId={personaId} facts={line.result.facts} /> : null}
    </div>
  );
}
