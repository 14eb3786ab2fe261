// Regenerates docs/protocol.md from the operations table (src/core/operations/index.ts).
import { writeFileSync } from 'node:fs';
import { OPERATION_TABLE } from '../src/core/operations/index.ts';
import { renderProtocolDocs } from '../src/core/operations/protocol-docs.ts';

const target = new URL('../docs/protocol.md', import.meta.url);
writeFileSync(target, renderProtocolDocs(OPERATION_TABLE.operations));
console.log(`wrote ${target.pathname}`);
