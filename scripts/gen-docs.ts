// Regenerates the docs that are derived from code: docs/errors.md (error registry).
import { writeFileSync } from 'node:fs';
import { renderErrorDocs } from '../src/shared/index.ts';

const target = new URL('../docs/errors.md', import.meta.url);
writeFileSync(target, renderErrorDocs());
console.log(`wrote ${target.pathname}`);
