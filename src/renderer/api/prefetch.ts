// The first screen's data request: started by index.html's inline script while the bundle loads (or
// here, before React is evaluated, as this module is imported first by main.tsx). Pages take it once.
import { adoptTokenFromUrl } from './client.ts';
import { api } from './endpoints.ts';
import type { PersonaListResult } from './types.ts';

declare global {
  interface Window {
    /** Started by the inline script of index.html before this bundle loaded. */
    __personasPrefetch?: Promise<PersonaListResult>;
  }
}

adoptTokenFromUrl();
const route = window.location.hash.replace(/^#\/?/, '');
const early = window.__personasPrefetch;
// A failed early request is repeated through the client, so the page gets a typed ApiError.
let personas: Promise<PersonaListResult> | null = early ? early.catch(() => api.listPersonas())
  : route === 'personas' || route === 'personas/' ? api.listPersonas() : null;
let personasValue: PersonaListResult | null = null;
// Kept once resolved, so the page's first render can show the list without waiting a render cycle.
// An unclaimed rejection is reported by the page's own request, not as an unhandled rejection here.
personas?.then((v) => { personasValue = v; }, () => undefined);

/** The start-up persona list if it already arrived (taken once; the page then owns it). */
export function takeResolvedPersonas(): PersonaListResult | null {
  const v = personasValue;
  if (v) {
    personasValue = null;
    personas = null;
  }
  return v;
}

/** The persona list requested at start-up, once (null when it was not requested or already taken). */
export function takePrefetchedPersonas(): Promise<PersonaListResult> | null {
  const p = personas;
  personas = null;
  return p;
}
