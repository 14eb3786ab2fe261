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

// Emotion (§5), availability (§6), prompt and offline replies (§7), conversations (§8), avatar (§9), Matrix policy (§10).
export * from './emotion.model.ts';
export * from './interaction.model.ts';
export * from './prompt.model.ts';
export * from './offline-responder.model.ts';
export * from './continue-score.model.ts';
export * from './avatar.model.ts';
export * from './reply-policy.model.ts';
