// Runs the in-repo test Matrix homeserver (tests/support/matrix-homeserver) on 127.0.0.1 for a manual
// run of the whole stack with real bots. Registers the given users and prints one JSON line with
// the URL and each user's id, access token and password; serves until SIGINT/SIGTERM.
//   node scripts/test-homeserver.ts [--port 0] [--user aria --user kira]
import { parseArgs } from 'node:util';
import { startTestHomeserver } from '../tests/support/matrix-homeserver/index.ts';

const { values } = parseArgs({
  args: process.argv.slice(2),
  options: { port: { type: 'string', default: '0' }, user: { type: 'string', multiple: true, default: ['aria'] } },
  strict: true,
});
const hs = await startTestHomeserver({ port: Number(values.port) });
const users = Object.fromEntries(values.user.map((name) => [name, hs.registerUser(name, { displayName: name })]));
process.stdout.write(`${JSON.stringify({ url: hs.url, users })}\n`);
const stop = () => void hs.close().then(() => process.exit(0));
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
