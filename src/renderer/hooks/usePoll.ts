import { useEffect, useState } from 'react';

/** A counter that increases every `ms` while the page is visible (use it as a reload dependency). */
export function usePoll(ms: number): number {
  const [tick, setTick] = useState(0);
  useEffect(() => {
    const timer = setInterval(() => {
      if (document.visibilityState === 'visible') setTick((t) => t + 1);
    }, ms);
    return () => clearInterval(timer);
  }, [ms]);
  return tick;
}
