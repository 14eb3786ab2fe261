import { readFileSync } from 'node:fs';

/** The package version (from package.json), reported by `--version`, health and system.status. */
export const VERSION: string = (
  JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }
).version;
