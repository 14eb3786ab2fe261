// The one Node requirement of every entry point: bin/persona-mcp.js, the npm scripts (`node
// bin/node-check.cjs && …`) and scripts/bootstrap-node.sh. The sources are TypeScript run by
// Node's built-in type stripping, on by default from Node 22.18 (22.x) and 23.6. CommonJS and
// plain syntax on purpose: an old Node prints this message instead of a syntax error.
'use strict';

/** package.json "engines.node" says exactly this (a test holds them together). */
const ENGINES = '^22.18.0 || >=23.6.0';

/** Null when `version` ("22.18.0" or "v22.18.0") runs persona-mcp, else the line to print. */
function nodeProblem(version) {
  const parts = String(version).replace(/^v/, '').split('.').map(Number);
  const major = parts[0];
  const minor = parts[1];
  const ok = (major === 22 && minor >= 18) || (major === 23 && minor >= 6) || major >= 24;
  if (ok) return null;
  return 'persona-mcp needs Node 22.18 or newer (22.18+, 23.6+ or 24+: it runs TypeScript through Node\'s type stripping); '
    + 'this is Node ' + String(version).replace(/^v/, '') + '. Install Node 22 LTS or newer, or run `source scripts/bootstrap-node.sh`.';
}

module.exports = { ENGINES, nodeProblem };

if (require.main === module) {
  const problem = nodeProblem(process.versions.node);
  if (problem) {
    process.stderr.write(problem + '\n');
    process.exit(1);
  }
}
