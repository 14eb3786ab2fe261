import { useState } from 'react';
import type { PersonaView } from '../../../shared/index.ts';
import { api } from '../../api/endpoints.ts';
import { useApiData } from '../../hooks/useApiData.ts';
import { ErrorBox } from '../ErrorBox.tsx';
import { DISCRETIONS, discretionSentence, globalDiscretion, ownDiscretion, policyWithDiscretion, type Discretion } from './discretion.ts';

const INHERIT = 'inherit';

/**
 * The persona's discretion (whom it tells what it was told): its own `memory_policy.discretion` or the
 * global setting, saved with persona.update as soon as it is chosen, and one sentence on what it means.
 */
export function DiscretionSetting({ persona, onSaved }: { persona: Pick<PersonaView, 'id' | 'name' | 'version' | 'memory_policy'>; onSaved: () => void }) {
  const settings = useApiData(() => api.memorySettings(), []);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const own = ownDiscretion(persona.memory_policy);
  const global = globalDiscretion(settings.data?.config ?? null);
  const effective: Discretion = own ?? global;
  const choose = async (value: string) => {
    setBusy(true);
    setError(null);
    try {
      const memory_policy = policyWithDiscretion(persona.memory_policy, value === INHERIT ? null : (value as Discretion));
      await api.updatePersona(persona.id, { memory_policy, expected_version: persona.version });
      onSaved();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  return (
    <div className="row small discretion" data-testid="discretion-setting" data-effective={effective}>
      <label htmlFor="persona-discretion"><strong>Discretion</strong></label>
      <select id="persona-discretion" value={own ?? INHERIT} disabled={busy} style={{ width: 'auto' }}
        onChange={(e) => void choose(e.target.value)} data-testid="discretion-select">
        <option value={INHERIT}>{`Global setting (${global})`}</option>
        {DISCRETIONS.map((d) => <option key={d} value={d}>{d === 'discreet' ? 'Discreet' : 'Open'}</option>)}
      </select>
      <span className="muted" data-testid="discretion-sentence">{discretionSentence(effective, persona.name)}</span>
      <ErrorBox error={error} title="Could not save the discretion setting" />
      <ErrorBox error={settings.error} title="Could not read the global memory settings" onRetry={settings.reload} />
    </div>
  );
}
