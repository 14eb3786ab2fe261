/** Write-only secrets sealed in a 0600 file of the data dir. */
export * from './secret-store.ts';
export * from './owner-only.ts';
export * from './sealed-file.ts';
