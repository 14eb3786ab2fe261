// Entry of the mcp service: parses flags, loads config, opens the core, serves WebSocket + HTTP or stdio.
// The only file of the service that touches process, argv and env.
import { setFlagsFromString } from 'node:v8';
import { AppError } from '../../shared/index.ts';
import { createCore, dialHost, getLogger } from '../../core/index.ts';
import { createMcpService } from './mcp-service.ts';
import { runStdio } from './stdio-transport.ts';
import { hostPortOf, jobOwnership, loadServiceStartup, runEntry, serveService, serviceHostLink, stopOnce } from '../runtime/index.ts';

// Under load V8 sees request objects survive while they queue and starts allocating them in the old
// generation ("pretenuring"); once the queue drains they are old garbage, and the mark-compacts that
// collect it (5-13 ms each, every few seconds at 2,000 req/s) were the open-loop tail. A
// request/response server allocates almost nothing long-lived per request, so it is off here (ADR 0006).
setFlagsFromString('--no-allocation-site-pretenuring');

async function main(): Promise<void> {
  const { config, secretKey, switches } = loadServiceStartup('mcp', process.argv.slice(2), process.env, ['stdio']);
  if (switches.stdio) {
    // A stdio session serves one client and runs no background jobs.
    const core = await createCore({ config, migrate: true, ...(secretKey ? { secretKey } : {}) });
    // PERSONA_MCP_MCP_TOKEN: the session acts with that token's scopes (e.g. a read-only desktop client).
    const token = process.env.PERSONA_MCP_MCP_TOKEN;
    const grant = token ? core.tokens.verify(token) : null;
    if (token && !grant) {
      await core.close();
      throw new AppError('UNAUTHORIZED', 'PERSONA_MCP_MCP_TOKEN is not a valid token of this data dir');
    }
    const session = runStdio(core, process.stdin, process.stdout, grant ? { scopes: grant.scopes } : {});
    stopOnce(process, null, () => {
      session.close();
      void core.close().then(() => process.exit(0));
    });
    await session.done;
    await core.close();
    return;
  }

  // Under the host, the host says whether this process runs the jobs; alone, it does (ADR 0008).
  const link = serviceHostLink(process);
  const core = await createCore({ config, migrate: true, jobs: jobOwnership(process.env, link), ...(secretKey ? { secretKey } : {}) });
  await serveService(process, {
    service: 'mcp', core, link, create: (hostLink) => {
      const host = hostPortOf(hostLink);
      return createMcpService({ core, ...(host ? { host } : {}) });
    }, url: ({ host, port }) => `ws://${dialHost(host)}:${port}/mcp`,
  });
}

runEntry(process, { log: getLogger('mcp'), what: 'mcp service', prefix: 'persona-mcp mcp' }, main);
