// Entry of the mcp service: parses flags, loads config, opens the core, serves WebSocket + HTTP or stdio.
// The only file of the service that touches process, argv and env.
import { setFlagsFromString } from 'node:v8';
import { createCore, getLogger } from '../../core/index.ts';
import { createMcpService } from './mcp-service.ts';
import { runStdio } from './stdio-transport.ts';
import { createHostLink, hostIpcPort, loadServiceStartup, relayDomainEvents, serveUntilStopped } from '../runtime/index.ts';

const log = getLogger('mcp');
// Under load V8 sees request objects survive while they queue and starts allocating them in the old
// generation ("pretenuring"); once the queue drains they are old garbage, and the mark-compacts that
// collect it (5-13 ms each, every few seconds at 2,000 req/s) were the open-loop tail. A
// request/response server allocates almost nothing long-lived per request, so it is off here (ADR 0006).
setFlagsFromString('--no-allocation-site-pretenuring');

async function main(): Promise<void> {
  const { config, secretKey, switches } = loadServiceStartup('mcp', process.argv.slice(2), process.env, ['stdio']);
  const core = await createCore({ config, migrate: true, ...(secretKey ? { secretKey } : {}) });

  if (switches.stdio) {
    const session = runStdio(core, process.stdin, process.stdout);
    const finish = async () => {
      session.close();
      await core.close();
      process.exit(0);
    };
    process.once('SIGINT', () => void finish());
    process.once('SIGTERM', () => void finish());
    await session.done;
    await core.close();
    return;
  }

  core.startJobs();
  // PERSONA_MCP_STANDALONE=1: an IPC channel exists but no host answers on it (`persona-mcp serve mcp`).
  const link = createHostLink(process.env.PERSONA_MCP_STANDALONE === '1' ? null : hostIpcPort(process));
  const stopRelay = relayDomainEvents(core, link, `mcp:${process.pid}`);
  const service = createMcpService({ core });
  const { host, port } = await service.start();
  log.info({ url: `ws://${host}:${port}/mcp` }, 'ready');
  // A stable line for callers that start the service with port 0 and no IPC channel.
  process.stderr.write(`persona-mcp mcp: listening on ws://${host}:${port}/mcp\n`);
  serveUntilStopped(process, link, { service: 'mcp', port }, async () => {
    stopRelay();
    await service.stop();
    link.close();
    await core.close();
    process.exit(0);
  });
}

main().catch((err: unknown) => {
  log.fatal({ err }, 'mcp service failed to start');
  console.error(`persona-mcp mcp: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
