/** Domain events inside one process. */
export * from './event-bus.ts';
