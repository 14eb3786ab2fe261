/** A persona as the MCP lists need it. */
export interface SluggedPersona {
  id: string;
  name: string;
  description: string;
  slug: string;
}

/** Lower-case name with every run of characters outside `[a-z0-9]` replaced by `-`, trimmed. */
export function baseSlug(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '');
}

/**
 * Slugs for a list of personas: when two share a slug, each of them gets `-` + the first 8 characters
 * of its id, so a slug never depends on list order. A name with no `[a-z0-9]` uses the id prefix alone.
 */
export function assignSlugs<T extends { id: string; name: string; description: string }>(personas: readonly T[]): (T & { slug: string })[] {
  const counts = new Map<string, number>();
  const bases = personas.map((p) => baseSlug(p.name));
  for (const b of bases) counts.set(b, (counts.get(b) ?? 0) + 1);
  return personas.map((p, i) => {
    const base = bases[i] as string;
    const prefix = p.id.slice(0, 8).toLowerCase();
    const slug = base === '' ? prefix : (counts.get(base) ?? 0) > 1 ? `${base}-${prefix}` : base;
    return { ...p, slug };
  });
}
