// Fixture child: reports ready, then ignores `shutdown` and SIGTERM (only SIGKILL ends it).
process.on('SIGTERM', () => process.stdout.write('ignoring SIGTERM\n'));
process.on('message', () => {});
process.send?.({ type: 'ready', service: 'mcp' });
setInterval(() => {}, 1000);
