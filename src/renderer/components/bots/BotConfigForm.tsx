import { useState, type FormEvent } from 'react';
import type { BotConfig } from '../../../shared/index.ts';
import { api } from '../../api/endpoints.ts';
import { ApiError } from '../../api/api-error.ts';
import { issuesToErrors, type FieldErrors } from '../issue-text.ts';
import { ErrorBox } from '../ErrorBox.tsx';
import { Field } from '../Field.tsx';
import { BOT_FIELD_LABELS, configToForm, formToBotInput, validateBotForm, type BotFormValues } from './bot-config.model.ts';

type TextKey = 'homeserver_url' | 'user_id' | 'display_name' | 'device_id' | 'max_bot_chain' | 'max_replies_per_minute' | 'token_budget';
type ListKey = 'allowed_rooms' | 'ignore_users' | 'known_bots';
type FlagKey = 'enabled' | 'autostart' | 'auto_join_invites' | 'typing_indicator' | 'encryption';

/** Matrix bot configuration of one persona; the access token and password are write-only ("set" / "not set"). */
export function BotConfigForm({ personaId, config: initial, onSaved }: { personaId: string; config: BotConfig | null; onSaved?: (config: BotConfig) => void }) {
  const [config, setConfig] = useState(initial);
  const [v, setV] = useState<BotFormValues>(() => configToForm(initial));
  const [errors, setErrors] = useState<FieldErrors>({});
  const [failure, setFailure] = useState<unknown>(null);
  const [saved, setSaved] = useState(false);
  const [busy, setBusy] = useState(false);
  const set = <K extends keyof BotFormValues>(k: K, value: BotFormValues[K]) => { setV((s) => ({ ...s, [k]: value })); setSaved(false); };
  const text = (k: TextKey, label: string, type = 'text') => (
    <Field label={label} error={errors[k]} htmlFor={`bot-${k}`}><input id={`bot-${k}`} type={type} value={v[k]} onChange={(e) => set(k, e.target.value)} /></Field>
  );
  const list = (k: ListKey, label: string) => (
    <Field label={label} error={errors[k]} hint="one per line" htmlFor={`bot-${k}`}><textarea id={`bot-${k}`} value={v[k]} onChange={(e) => set(k, e.target.value)} /></Field>
  );
  const flag = (k: FlagKey, label: string) => (
    <label className="row small" style={{ gap: 4 }}><input type="checkbox" checked={v[k]} onChange={(e) => set(k, e.target.checked)} />{label}</label>
  );
  const secret = (k: 'access_token' | 'password', label: string, isSet: boolean) => (
    <Field label={label} error={errors[k]} htmlFor={`bot-${k}`} hint={isSet ? 'set — leave empty to keep it' : 'not set'}>
      <input id={`bot-${k}`} type="password" autoComplete="off" value={v[k]} placeholder={isSet ? '•••••• (set)' : 'not set'} onChange={(e) => set(k, e.target.value)} data-testid={`bot-${k}`} />
    </Field>
  );
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setFailure(null);
    const local = issuesToErrors(validateBotForm(v), BOT_FIELD_LABELS);
    setErrors(local);
    if (Object.keys(local).length) return;
    setBusy(true);
    try {
      const r = await api.saveBotConfig(personaId, formToBotInput(v));
      setV((s) => ({ ...s, access_token: '', password: '' }));
      setSaved(true);
      setConfig(r.config);
      onSaved?.(r.config);
    } catch (err) {
      if (err instanceof ApiError && err.issues.length) setErrors(issuesToErrors(err.issues, BOT_FIELD_LABELS));
      else setFailure(err);
    } finally {
      setBusy(false);
    }
  };
  return (
    <form onSubmit={(e) => void submit(e)} aria-label="Bot configuration" data-testid="bot-config-form" noValidate>
      <div className="inline-fields">{text('homeserver_url', 'Homeserver URL', 'url')}{text('user_id', 'User ID (@name:server)')}</div>
      <div className="inline-fields">
        {secret('access_token', 'Access token', config?.has_access_token ?? false)}
        {secret('password', 'Password', config?.has_password ?? false)}
        {text('display_name', 'Display name')}{text('device_id', 'Device ID')}
      </div>
      <div className="row" style={{ marginBottom: 8 }}>{flag('enabled', 'enabled')}{flag('autostart', 'start with the host')}{flag('auto_join_invites', 'accept invites')}{flag('typing_indicator', 'typing indicator')}{flag('encryption', 'end-to-end encryption')}</div>
      <div className="inline-fields">
        <Field label="Reply mode" htmlFor="bot-reply_mode">
          <select id="bot-reply_mode" value={v.reply_mode} onChange={(e) => set('reply_mode', e.target.value as BotFormValues['reply_mode'])}>
            <option value="smart">smart</option><option value="mention">mention</option><option value="always">always</option>
          </select>
        </Field>
        {text('max_replies_per_minute', 'Replies / minute', 'number')}{text('max_bot_chain', 'Max bot chain', 'number')}{text('token_budget', 'Token budget', 'number')}
      </div>
      <div className="inline-fields">{list('allowed_rooms', 'Allowed rooms')}{list('ignore_users', 'Ignored users')}{list('known_bots', 'Known bots')}</div>
      <ErrorBox error={failure} title="Could not save the bot configuration" />
      <div className="row end">
        {saved ? <span className="success small" data-testid="bot-config-saved">Saved.</span> : null}
        <button type="submit" className="primary" disabled={busy}>{busy ? 'Saving…' : 'Save configuration'}</button>
      </div>
    </form>
  );
}
