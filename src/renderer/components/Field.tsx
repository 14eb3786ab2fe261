import type { ReactNode } from 'react';

/** A labelled form field with its inline error (from the shared schema or the server's issues). */
export function Field({ label, error, children, hint, htmlFor }: { label: string; error?: string | undefined; children: ReactNode; hint?: string; htmlFor?: string }) {
  return (
    <div className={error ? 'field invalid' : 'field'}>
      <label htmlFor={htmlFor}>{label}</label>
      {children}
      {hint && !error ? <div className="hint">{hint}</div> : null}
      {error ? <div className="field-error" role="alert">{error}</div> : null}
    </div>
  );
}
