import { KNOWN_MEMORY_TYPES, VisibilitySchema } from '../../../shared/index.ts';
import { MEMORY_KINDS, kindOfFilter, typeLabel, typeOptions } from './memory-kinds.ts';

/** The memory browser's filter state. */
export interface MemoryFilterValues {
  query: string;
  memory_type: string;
  visibility: string;
  min_importance: number;
  archived: boolean;
}

/** Active/archive switch, kind (all, episodes, facts, reflections), search box, type/visibility selects and importance threshold. */
export function MemoryFilters({ value, onChange }: { value: MemoryFilterValues; onChange: (v: MemoryFilterValues) => void }) {
  const set = <K extends keyof MemoryFilterValues>(k: K, v: MemoryFilterValues[K]) => onChange({ ...value, [k]: v });
  const kind = kindOfFilter(value.memory_type);
  return (
    <div className="row" data-testid="memory-filters">
      <div className="row" role="radiogroup" aria-label="Which memories">
        <button type="button" className={value.archived ? '' : 'primary'} aria-pressed={!value.archived} onClick={() => set('archived', false)} data-testid="view-active">Active</button>
        <button type="button" className={value.archived ? 'primary' : ''} aria-pressed={value.archived} onClick={() => set('archived', true)} data-testid="view-archive">Archive</button>
      </div>
      <div className="row" role="radiogroup" aria-label="Kind" data-testid="memory-kinds">
        {MEMORY_KINDS.map((k) => (
          <button key={k.id} type="button" role="radio" className={`small${kind === k.id ? ' primary' : ''}`} aria-checked={kind === k.id}
            onClick={() => set('memory_type', k.memory_type)} data-testid={`kind-${k.id}`}>{k.label}</button>
        ))}
      </div>
      <input type="search" aria-label="Search memories" placeholder="Search (ranked recall)" value={value.query} style={{ maxWidth: 220 }}
        onChange={(e) => set('query', e.target.value)} data-testid="memory-search" />
      <select aria-label="Memory type" value={value.memory_type} onChange={(e) => set('memory_type', e.target.value)} style={{ width: 140 }}>
        <option value="">all types</option>
        {typeOptions(KNOWN_MEMORY_TYPES).map((t) => <option key={t} value={t}>{typeLabel(t)}</option>)}
      </select>
      <select aria-label="Visibility" value={value.visibility} onChange={(e) => set('visibility', e.target.value)} style={{ width: 120 }}>
        <option value="">any visibility</option>
        {VisibilitySchema.options.map((v) => <option key={v} value={v}>{v}</option>)}
      </select>
      <label className="small row" style={{ gap: 4 }}>importance ≥ {value.min_importance.toFixed(1)}
        <input type="range" min={0} max={1} step={0.1} value={value.min_importance} style={{ width: 90 }} aria-label="Minimum importance"
          onChange={(e) => set('min_importance', Number(e.target.value))} />
      </label>
    </div>
  );
}
