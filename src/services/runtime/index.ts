/**
 * Shared by the services (and, for the edge rules, by the host: ADR 0007): the link to the host
 * process, the edge security and CORS rules, deadlines, the SSE writer and the entry lifecycle.
 * Light on purpose: node built-ins, shared and core only, no framework.
 */
export * from './host-link.ts';
export * from './host-port.ts';
export * from './job-owner.ts';
export * from './edge-security.ts';
export * from './cors.ts';
export * from './deadline.ts';
export * from './service-lifecycle.ts';
export * from './service-config.ts';
export * from './sse-writer.ts';
export * from './parse-input.ts';
export * from './json-depth.ts';
