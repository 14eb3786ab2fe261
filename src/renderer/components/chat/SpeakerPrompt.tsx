import { useEffect, useState, type FormEvent } from 'react';

/** Asks who is talking in the playground; the name is what the persona calls the speaker and keeps relationships under. */
export function SpeakerPrompt({ initial, onDone, onCancel }: { initial: string; onDone: (name: string) => void; onCancel?: () => void }) {
  const [name, setName] = useState(initial);
  const [edited, setEdited] = useState(false);
  // A suggestion that arrives later (the server's operator name) fills the field only until the person types.
  useEffect(() => {
    if (!edited) setName(initial);
  }, [initial, edited]);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (name.trim()) onDone(name.trim());
  };
  return (
    <form className="notice" onSubmit={submit} data-testid="chat-who" aria-label="Who is talking?" style={{ marginBottom: 8 }}>
      <strong>Who is talking?</strong>
      <div className="small muted">The persona addresses you by this name, and remembers you and your relationship under it. This browser keeps it for every playground.</div>
      <div className="row" style={{ marginTop: 6, flexWrap: 'nowrap' }}>
        <label className="small" htmlFor="chat-who-name" style={{ whiteSpace: 'nowrap' }}>Your name</label>
        <input id="chat-who-name" value={name} maxLength={128} autoFocus onChange={(e) => { setEdited(true); setName(e.target.value); }} />
        <button type="submit" className="primary" disabled={!name.trim()} style={{ whiteSpace: 'nowrap' }}>Start chatting</button>
        {onCancel ? <button type="button" onClick={onCancel}>Cancel</button> : null}
      </div>
    </form>
  );
}
