/** A row of tab links (hash routes); the active one is marked for assistive tech. */
export function Tabs({ tabs, active }: { tabs: { id: string; label: string; href: string }[]; active: string }) {
  return (
    <nav className="tabs" role="tablist">
      {tabs.map((t) => (
        <a key={t.id} href={t.href} role="tab" aria-selected={t.id === active} className={t.id === active ? 'tab active' : 'tab'} data-testid={`tab-${t.id}`}>
          {t.label}
        </a>
      ))}
    </nav>
  );
}
