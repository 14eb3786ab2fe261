/** Networking helpers shared by the core, the services and the host: dial addresses, network errors in words. */
export * from './dial-address.model.ts';
export * from './network-error.model.ts';
