/** Bootstrap shared by service entries: the link to the host process. */
export * from './host-link.ts';
