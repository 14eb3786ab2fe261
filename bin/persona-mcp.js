#!/usr/bin/env node
// Entry of the `persona-mcp` command. The sources are TypeScript run by Node's built-in type
// stripping (Node >= 22.18), so there is no build step for the server side.
const [major, minor] = process.versions.node.split('.').map(Number);
if (major < 22 || (major === 22 && minor < 18)) {
  process.stderr.write(`persona-mcp needs Node 22.18 or newer (this is ${process.version}).\n`);
  process.exit(1);
}
// V8 keeps compiled code on disk between runs (Node >= 22.1): a noticeably faster start.
const { enableCompileCache } = await import('node:module');
enableCompileCache?.();
// Node 22 strips types anew at every start; this keeps the stripped files too (bin/ts-strip-cache.js).
await import('./ts-strip-cache.js');
await import('../src/main/cli/entry.ts');
