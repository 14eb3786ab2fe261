// Fixture child: crashes (exit 3, after a line on stderr) on its first FIXTURE_CRASHES launches,
// counting launches in the file FIXTURE_COUNTER; later launches report ready and stay up.
import { readFileSync, writeFileSync } from 'node:fs';

const counter = process.env.FIXTURE_COUNTER as string;
const crashes = Number(process.env.FIXTURE_CRASHES ?? 1_000_000);
const previous = (() => {
  try {
    return Number(readFileSync(counter, 'utf8'));
  } catch {
    return 0;
  }
})();
const launches = previous + 1;
writeFileSync(counter, String(launches));
if (launches <= crashes) {
  process.stderr.write(`boom ${launches}\n`);
  process.exit(3);
}
process.on('message', (m: { type?: string }) => {
  if (m.type === 'shutdown') process.exit(0);
});
process.send?.({ type: 'ready', service: 'mcp' });
setInterval(() => {}, 1000);
