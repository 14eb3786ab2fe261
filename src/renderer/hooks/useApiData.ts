import { useCallback, useEffect, useRef, useState } from 'react';

/** State of one loaded resource. */
export interface ApiData<T> {
  data: T | null;
  error: unknown;
  loading: boolean;
  /** Loads again (keeps the old data on screen while loading). */
  reload: () => void;
}

/**
 * Loads `load()` on mount and whenever `deps` change; stale answers are dropped so a slow reply
 * never overwrites a newer one. `initial` (data already in hand) is shown at once instead of the first load.
 */
export function useApiData<T>(load: () => Promise<T>, deps: readonly unknown[], initial: T | null = null): ApiData<T> {
  const [state, setState] = useState<{ data: T | null; error: unknown; loading: boolean }>({ data: initial, error: null, loading: initial === null });
  const [tick, setTick] = useState(0);
  const seq = useRef(0);
  // With data already in hand (prefetched), the first load is skipped; later dep changes load as usual.
  const skipFirst = useRef(initial !== null);
  const loadRef = useRef(load);
  loadRef.current = load;
  useEffect(() => {
    if (skipFirst.current) {
      skipFirst.current = false;
      return;
    }
    const mine = ++seq.current;
    setState((s) => ({ ...s, loading: true }));
    loadRef.current().then(
      (data) => { if (mine === seq.current) setState({ data, error: null, loading: false }); },
      (error: unknown) => { if (mine === seq.current) setState((s) => ({ data: s.data, error, loading: false })); },
    );
  }, [...deps, tick]);
  const reload = useCallback(() => setTick((t) => t + 1), []);
  return { ...state, reload };
}
