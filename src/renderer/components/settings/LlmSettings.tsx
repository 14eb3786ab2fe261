import { useEffect, useState, type FormEvent } from 'react';
import { api } from '../../api/endpoints.ts';
import { ApiError } from '../../api/api-error.ts';
import type { LlmSettingsResult } from '../../api/types.ts';
import { useApiData } from '../../hooks/useApiData.ts';
import { issuesToErrors, type FieldErrors } from '../issue-text.ts';
import { ErrorBox } from '../ErrorBox.tsx';
import { Field } from '../Field.tsx';
import { StatusBadge } from '../StatusBadge.tsx';

/**
 * LLM provider, URL, model (from the provider's list, read only while the LLM is reachable) and
 * write-only API key; applied without restart.
 */
export function LlmSettings() {
  const settings = useApiData(() => api.llmSettings(), []);
  const [modelsTick, setModelsTick] = useState(0);
  const [form, setForm] = useState({ provider: 'ollama', base_url: '', model: '', api_key: '', temperature: '0.7', offline_fallback: true });
  const [errors, setErrors] = useState<FieldErrors>({});
  const [failure, setFailure] = useState<unknown>(null);
  const [health, setHealth] = useState<LlmSettingsResult['health'] | null>(null);
  const [busy, setBusy] = useState(false);
  // The provider lists its models only when it answers: with the LLM unreachable (shown above) there is nothing to ask.
  const llmOk = health?.ok ?? null;
  const models = useApiData(() => (llmOk ? api.models() : Promise.resolve(null)), [modelsTick, llmOk]);
  useEffect(() => {
    const l = settings.data?.llm;
    if (l) setForm({ provider: l.provider, base_url: l.base_url, model: l.model, api_key: '', temperature: String(l.temperature), offline_fallback: l.offline_fallback });
    if (settings.data) setHealth(settings.data.health);
  }, [settings.data]);
  const set = (k: keyof typeof form, v: string | boolean) => setForm((f) => ({ ...f, [k]: v }));
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setErrors({});
    setFailure(null);
    try {
      const r = await api.configureLlm({
        provider: form.provider, base_url: form.base_url, model: form.model, temperature: Number(form.temperature), offline_fallback: form.offline_fallback,
        ...(form.api_key ? { api_key: form.api_key } : {}),
      });
      setHealth(r.health);
      setForm((f) => ({ ...f, api_key: '' }));
      settings.reload();
      setModelsTick((t) => t + 1);
    } catch (err) {
      if (err instanceof ApiError && err.issues.length) setErrors(issuesToErrors(err.issues, { base_url: 'Base URL', api_key: 'API key' }));
      else setFailure(err);
    } finally {
      setBusy(false);
    }
  };
  const hasKey = settings.data?.llm.has_api_key ?? false;
  return (
    <form className="card" onSubmit={(e) => void submit(e)} aria-label="LLM settings" data-testid="llm-settings" noValidate>
      <div className="row"><h2>LLM</h2><span className="spacer" />
        {health ? <StatusBadge tone={health.ok ? 'ok' : 'bad'} testId="llm-health">{health.ok ? 'reachable' : 'unreachable'}</StatusBadge> : null}</div>
      {health?.error ? <div className="small field-error">{health.error}</div> : null}
      <ErrorBox error={settings.error} onRetry={settings.reload} />
      <div className="inline-fields">
        <Field label="Provider" htmlFor="llm-provider" error={errors.provider}>
          <select id="llm-provider" value={form.provider} onChange={(e) => set('provider', e.target.value)}>
            <option value="ollama">Ollama</option><option value="openai">OpenAI-compatible</option><option value="offline">Offline (built-in)</option>
          </select>
        </Field>
        <Field label="Model" htmlFor="llm-model" error={errors.model} hint={models.data ? `${models.data.available_models.length} models offered` : llmOk === false ? 'the model list appears once the LLM is reachable' : undefined}>
          <input id="llm-model" list="llm-models" value={form.model} onChange={(e) => set('model', e.target.value)} data-testid="llm-model" />
          <datalist id="llm-models">{models.data?.available_models.map((m) => <option key={m} value={m} />)}</datalist>
        </Field>
      </div>
      <Field label="Base URL" htmlFor="llm-url" error={errors.base_url}><input id="llm-url" value={form.base_url} onChange={(e) => set('base_url', e.target.value)} /></Field>
      <div className="inline-fields">
        <Field label="API key" htmlFor="llm-key" error={errors.api_key} hint={hasKey ? 'set — leave empty to keep it' : 'not set'}>
          <input id="llm-key" type="password" autoComplete="off" placeholder={hasKey ? '•••••• (set)' : 'not set'} value={form.api_key} onChange={(e) => set('api_key', e.target.value)} />
        </Field>
        <Field label="Temperature" htmlFor="llm-temp" error={errors.temperature}><input id="llm-temp" type="number" step="0.1" min="0" max="2" value={form.temperature} onChange={(e) => set('temperature', e.target.value)} /></Field>
      </div>
      <label className="row small" style={{ gap: 4 }}><input type="checkbox" checked={form.offline_fallback} onChange={(e) => set('offline_fallback', e.target.checked)} />Fall back to the offline responder when the LLM is unreachable</label>
      <ErrorBox error={models.error} title="Could not list the provider's models" />
      <ErrorBox error={failure} title="Could not apply the LLM settings" />
      <div className="row end"><button type="submit" className="primary" disabled={busy}>{busy ? 'Applying…' : 'Apply'}</button></div>
    </form>
  );
}
