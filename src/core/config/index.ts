/** Configuration: one schema (src/shared), layered loading, redaction. */
export * from './config-layers.ts';
export * from './load-config.ts';
