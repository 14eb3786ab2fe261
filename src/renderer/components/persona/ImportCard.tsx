import { useRef, useState, type DragEvent } from 'react';
import { api } from '../../api/endpoints.ts';
import { isApiError } from '../../api/api-error.ts';
import type { ImportResult } from '../../api/types.ts';
import { bytesToBase64 } from '../../format.ts';
import { ErrorBox } from '../ErrorBox.tsx';
import { ProgressBar } from '../ProgressBar.tsx';

type Conflict = 'error' | 'rename' | 'replace';
type Payload = { card: unknown } | { png_base64: string };

/** Reads a dropped or picked file into the import payload (PNG → base64, anything else → JSON). */
async function readCardFile(file: File): Promise<Payload> {
  const bytes = new Uint8Array(await file.arrayBuffer());
  const isPng = bytes[0] === 0x89 && bytes[1] === 0x50 && bytes[2] === 0x4e && bytes[3] === 0x47;
  if (isPng) return { png_base64: bytesToBase64(bytes) };
  try {
    return { card: JSON.parse(new TextDecoder().decode(bytes)) as unknown };
  } catch {
    throw new Error(`${file.name} is neither a PNG nor JSON Character Card`);
  }
}

/** Import of Character Cards (JSON or PNG) by file picker or drag-and-drop, with progress and conflict choices. */
export function ImportCard({ onImported }: { onImported: (result: ImportResult) => void }) {
  const input = useRef<HTMLInputElement>(null);
  const [over, setOver] = useState(false);
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [pending, setPending] = useState<{ name: string; payload: Payload } | null>(null);
  const [done, setDone] = useState<ImportResult | null>(null);

  const send = async (name: string, payload: Payload, onConflict: Conflict) => {
    setBusy(`Importing ${name}…`);
    setError(null);
    try {
      const result = await api.importCard({ ...payload, on_conflict: onConflict });
      setPending(null);
      setDone(result);
      onImported(result);
    } catch (err) {
      if (isApiError(err, 'CONFLICT')) setPending({ name, payload });
      setError(err);
    } finally {
      setBusy(null);
    }
  };
  const importFiles = async (files: FileList | null) => {
    setDone(null);
    for (const file of Array.from(files ?? [])) {
      setBusy(`Reading ${file.name}…`);
      try {
        await send(file.name, await readCardFile(file), 'error');
      } catch (err) {
        setError(err);
        setBusy(null);
      }
    }
  };
  const onDrop = (e: DragEvent) => {
    e.preventDefault();
    setOver(false);
    void importFiles(e.dataTransfer.files);
  };
  return (
    <div className={over ? 'dropzone over' : 'dropzone'} data-testid="import-dropzone"
      onDragOver={(e) => { e.preventDefault(); setOver(true); }} onDragLeave={() => setOver(false)} onDrop={onDrop}>
      <div>Drop a Character Card (PNG or JSON, V1/V2/V3) here, or{' '}
        <button type="button" className="small" onClick={() => input.current?.click()}>choose a file</button>
      </div>
      <input ref={input} type="file" accept=".png,.json,image/png,application/json" multiple hidden data-testid="import-file"
        aria-label="Character Card file" onChange={(e) => { void importFiles(e.target.files); e.target.value = ''; }} />
      {busy ? <ProgressBar label={busy} /> : null}
      <ErrorBox error={error} title="Import failed" />
      {pending ? (
        <div className="row" style={{ justifyContent: 'center' }}>
          <button type="button" onClick={() => void send(pending.name, pending.payload, 'rename')}>Import as a copy</button>
          <button type="button" className="danger" onClick={() => void send(pending.name, pending.payload, 'replace')}>Replace the existing persona</button>
        </div>
      ) : null}
      {done ? (
        <div className="success" data-testid="import-result">
          Imported <strong>{done.name}</strong> ({done.source_spec}{done.replaced ? ', replaced' : ''}).
          {done.warnings.length ? <ul className="small muted">{done.warnings.map((w) => <li key={w}>{w}</li>)}</ul> : null}
        </div>
      ) : null}
    </div>
  );
}
