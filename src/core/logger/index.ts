/** Module-tagged logging (pino to stderr). */
export * from './logger.ts';
