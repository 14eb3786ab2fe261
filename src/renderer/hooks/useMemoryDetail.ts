import type { MemoryView } from '../../shared/index.ts';
import { api } from '../api/endpoints.ts';
import { evidenceIds, slotHistory, type SlotHistoryEntry } from '../components/memory/memory-kinds.ts';
import { useApiData, type ApiData } from './useApiData.ts';

/** A memory opened in the memory browser, with its fact slot's history and a reflection's evidence. */
export interface MemoryDetail {
  memory: MemoryView;
  /** The slot's facts newest first (empty for a memory that fills no slot). */
  history: SlotHistoryEntry[];
  /** Each evidence id with its memory, or null when that memory no longer exists. */
  evidence: { id: string; memory: MemoryView | null }[];
}

const SLOT_LIMIT = 200;

async function loadDetail(personaId: string, memoryId: string): Promise<MemoryDetail> {
  const { memory } = await api.getMemory(memoryId);
  let history: SlotHistoryEntry[] = [];
  if (memory.fact_key) {
    const filter = { fact_key: memory.fact_key, limit: SLOT_LIMIT, order_by: 'created_at' };
    const [active, archived] = await Promise.all([
      api.listMemories(personaId, { ...filter, archived: false }), api.listMemories(personaId, { ...filter, archived: true }),
    ]);
    history = slotHistory(active.memories, archived.memories);
  }
  const evidence = await Promise.all(evidenceIds(memory).map(async (id) => {
    try {
      return { id, memory: (await api.getMemory(id)).memory };
    } catch {
      return { id, memory: null };
    }
  }));
  return { memory, history, evidence };
}

/** Loads one memory of a persona with its slot history (memory.list by fact_key, active and archive) and evidence; reloads on `tick`. */
export function useMemoryDetail(personaId: string, memoryId: string, tick: number): ApiData<MemoryDetail> {
  return useApiData(() => loadDetail(personaId, memoryId), [personaId, memoryId, tick]);
}
