import { useEffect, useState } from 'react';

/** The current hash route split into segments: `#/personas/abc/chat` → `['personas','abc','chat']`. */
export function useRoute(): string[] {
  const [hash, setHash] = useState(() => window.location.hash);
  useEffect(() => {
    const onChange = () => setHash(window.location.hash);
    window.addEventListener('hashchange', onChange);
    return () => window.removeEventListener('hashchange', onChange);
  }, []);
  return parseRoute(hash);
}

/** Splits a location hash into decoded path segments. */
export function parseRoute(hash: string): string[] {
  return hash.replace(/^#\/?/, '').split('?')[0]!.split('/').filter(Boolean).map(decodeURIComponent);
}

/** Builds a hash href from path segments. */
export function href(...segments: string[]): string {
  return `#/${segments.map(encodeURIComponent).join('/')}`;
}

/** Navigates to the route made of `segments`. */
export function navigate(...segments: string[]): void {
  window.location.hash = href(...segments);
}
