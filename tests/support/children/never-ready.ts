// Fixture child: starts, logs one line and never reports ready (the supervisor must time it out).
process.stdout.write('starting but never ready\n');
setInterval(() => {}, 1000);
