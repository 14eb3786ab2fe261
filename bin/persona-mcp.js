#!/usr/bin/env node
// Entry of the `persona-mcp` command. The sources are TypeScript run by Node's built-in type
// stripping, so there is no build step for the server side; bin/node-check.cjs says which Node.
import nodeCheck from './node-check.cjs';

const problem = nodeCheck.nodeProblem(process.versions.node);
if (problem) {
  process.stderr.write(`${problem}\n`);
  process.exit(1);
}
// V8 keeps compiled code on disk between runs (Node >= 22.1): a noticeably faster start.
const { enableCompileCache } = await import('node:module');
enableCompileCache?.();
// Node 22 strips types anew at every start; this keeps the stripped files too (bin/ts-strip-cache.js).
await import('./ts-strip-cache.js');
await import('../src/main/cli/entry.ts');
