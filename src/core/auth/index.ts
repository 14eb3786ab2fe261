/** Access tokens and scopes. */
export * from './token-store.ts';
