// Fixture child: reports `waiting` (something it needs is unreachable) and, after FIXTURE_WAIT_MS,
// either reports ready or, with FIXTURE_FATAL set, reports a fatal reason and exits 1.
const waitMs = Number(process.env.FIXTURE_WAIT_MS ?? 500);
process.send?.({ type: 'waiting', detail: 'homeserver http://127.0.0.1:9 unreachable: connection refused' });
setTimeout(() => {
  if (process.env.FIXTURE_FATAL) {
    process.stderr.write('{"level":30,"msg":"an unrelated log line"}\n');
    process.send?.({ type: 'fatal', error: process.env.FIXTURE_FATAL, retry: false }, () => process.exit(1));
    return;
  }
  process.send?.({ type: 'ready', service: 'bot' });
}, waitMs);
setInterval(() => {}, 1000);
