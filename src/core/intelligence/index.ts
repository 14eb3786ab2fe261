// Public surface of the intelligence rules (intelligence.md §3–§5, §8): pure, deterministic functions.
// Other folders import from here (DESIGN.md §3).

// Memory (§3) and relationships (§4).
export * from './importance.model.ts';
export * from './retrieval.model.ts';
export * from './decay.model.ts';
export * from './prune.model.ts';
export * from './visibility.model.ts';
export * from './relationship.model.ts';
export * from './compatibility.model.ts';
