// Preloaded with `node --require` so a process believes it runs the Node version in
// FAKE_NODE_VERSION (the guard reads process.versions.node), to test the Node requirement.
'use strict';
if (process.env.FAKE_NODE_VERSION) Object.defineProperty(process.versions, 'node', { value: process.env.FAKE_NODE_VERSION });
