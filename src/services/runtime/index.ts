/** Shared by the services: the link to the host process and the network security rules. */
export * from './host-link.ts';
export * from './network-security.ts';
export * from './deadline.ts';
export * from './service-lifecycle.ts';
export * from './service-config.ts';
