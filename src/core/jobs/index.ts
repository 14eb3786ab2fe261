/** Background jobs: one owner per stack, a registry of named jobs per process (ADR 0008). */
export * from './job-registry.ts';
