import { useState, type FormEvent } from 'react';
import { storeToken } from '../api/client.ts';

/** Shown on UNAUTHORIZED: the API needs an access token; paste it here (kept in this browser) and reload. */
export function TokenPrompt() {
  const [token, setToken] = useState('');
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!token.trim()) return;
    storeToken(token.trim());
    window.location.reload();
  };
  return (
    <form className="row" onSubmit={submit} aria-label="Access token" data-testid="token-prompt" style={{ marginTop: 6 }}>
      <span className="small">This PersonaAPI needs an access token (shown in the desktop app or the server's log). Paste it, or open the dashboard with <code>?token=…</code>.</span>
      <input type="password" aria-label="Access token" value={token} onChange={(e) => setToken(e.target.value)} style={{ maxWidth: 280 }} autoComplete="off" />
      <button type="submit" className="primary small">Use token</button>
    </form>
  );
}
