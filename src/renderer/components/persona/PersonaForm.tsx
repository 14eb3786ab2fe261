import { useState, type FormEvent } from 'react';
import { PrioritySchema, type PersonaView } from '../../../shared/index.ts';
import { api } from '../../api/endpoints.ts';
import { ApiError } from '../../api/api-error.ts';
import { ErrorBox } from '../ErrorBox.tsx';
import { Field } from '../Field.tsx';
import { BaselineSliders } from './BaselineSliders.tsx';
import { ScoreSliders } from './ScoreSliders.tsx';
import { issuesToErrors, type FieldErrors } from '../issue-text.ts';
import {
  PERSONA_FIELD_LABELS, emptyPersonaForm, formToInput, personaToForm, validatePersonaForm, type PersonaFormValues,
} from './persona-form.model.ts';

type TextKey = 'name' | 'nickname' | 'full_name' | 'description' | 'personality' | 'scenario' | 'first_mes' | 'background' | 'speaking_style' | 'social_rank' | 'tags' | 'charisma' | 'intelligence';

/**
 * The persona creator / editor: card text, traits and topics as sliders, speaking style and background.
 * Validates with the shared schema before sending and shows the server's issues inline too.
 */
export function PersonaForm({ initial, onSaved, onCancel }: { initial: PersonaView | null; onSaved: (personaId: string) => void; onCancel: () => void }) {
  const mode = initial ? 'edit' : 'create';
  const [values, setValues] = useState<PersonaFormValues>(() => (initial ? personaToForm(initial) : emptyPersonaForm()));
  const [errors, setErrors] = useState<FieldErrors>({});
  const [failure, setFailure] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const set = <K extends keyof PersonaFormValues>(key: K, value: PersonaFormValues[K]) => {
    setValues((v) => ({ ...v, [key]: value }));
    if (errors[key as string]) setErrors((e) => ({ ...e, [key]: undefined }));
  };
  const text = (key: TextKey, label: string, opts: { area?: boolean; hint?: string; type?: string } = {}) => {
    const common = { id: `persona-${key}`, name: key, value: values[key], 'aria-invalid': Boolean(errors[key]), 'data-testid': `persona-${key}` };
    return (
      <Field label={label} error={errors[key]} hint={opts.hint} htmlFor={common.id}>
        {opts.area
          ? <textarea {...common} onChange={(e) => set(key, e.target.value)} />
          : <input {...common} type={opts.type ?? 'text'} onChange={(e) => set(key, e.target.value)} />}
      </Field>
    );
  };
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setFailure(null);
    const local = validatePersonaForm(values, mode);
    setErrors(local);
    if (Object.keys(local).length) return;
    setBusy(true);
    try {
      const input = formToInput(values, mode);
      const result = initial ? await api.updatePersona(initial.id, input) : await api.createPersona(input);
      onSaved(result.persona_id);
    } catch (err) {
      if (err instanceof ApiError && err.issues.length) setErrors(issuesToErrors(err.issues, PERSONA_FIELD_LABELS));
      else if (err instanceof ApiError && err.code === 'CONFLICT') setErrors({ name: err.message });
      else setFailure(err);
    } finally {
      setBusy(false);
    }
  };
  return (
    <form className="card" onSubmit={(e) => void submit(e)} noValidate aria-label={mode === 'create' ? 'Create persona' : 'Edit persona'} data-testid="persona-form">
      <h2>{mode === 'create' ? 'New persona' : `Edit ${initial?.name}`}</h2>
      <div className="grid-2">
        <div>
          <div className="inline-fields">
            {text('name', 'Name')}
            {text('nickname', 'Nickname')}
            {text('full_name', 'Full name')}
          </div>
          {text('description', 'Description', { area: true })}
          {text('personality', 'Personality', { area: true, hint: 'How the persona thinks and behaves, in prose.' })}
          {text('background', 'Background', { area: true, hint: 'History and origin; added to the description.' })}
          {text('speaking_style', 'Speaking style', { hint: 'e.g. terse, formal, uses nautical slang' })}
          {text('scenario', 'Scenario', { area: true })}
          {text('first_mes', 'First message', { area: true })}
        </div>
        <div>
          <ScoreSliders kind="trait" rows={values.traits} onChange={(rows) => set('traits', rows)} error={errors.personality_traits} />
          <ScoreSliders kind="topic" rows={values.topics} onChange={(rows) => set('topics', rows)} error={errors.topic_preferences} />
          <BaselineSliders value={values.baseline} onChange={(b) => set('baseline', b)} error={errors.emotional_baseline} />
          {text('tags', 'Tags', { hint: 'comma separated' })}
          <div className="inline-fields">
            {text('charisma', 'Charisma (1–20)', { type: 'number' })}
            {text('intelligence', 'Intelligence (1–20)', { type: 'number' })}
            {text('social_rank', 'Social rank')}
            <Field label="Priority" error={errors.current_priority} htmlFor="persona-priority">
              <select id="persona-priority" value={values.current_priority} onChange={(e) => set('current_priority', e.target.value as PersonaFormValues['current_priority'])}>
                <option value="">(default)</option>
                {PrioritySchema.options.map((p) => <option key={p} value={p}>{p}</option>)}
              </select>
            </Field>
          </div>
        </div>
      </div>
      {errors.form ? <div className="field-error">{errors.form}</div> : null}
      <ErrorBox error={failure} title="Could not save the persona" />
      <div className="row end">
        <button type="button" onClick={onCancel}>Cancel</button>
        <button type="submit" className="primary" disabled={busy} data-testid="persona-save">{busy ? 'Saving…' : mode === 'create' ? 'Create persona' : 'Save changes'}</button>
      </div>
    </form>
  );
}
