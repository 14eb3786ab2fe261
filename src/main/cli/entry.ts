// The `persona-mcp` command. The only file of src/main/cli that touches process and argv.
import { randomUUID } from 'node:crypto';
import type { z } from 'zod';
import {
  OPERATION_TABLE, VERSION, configureLogging, createConnectionState, createCore, invokeOperation, loadConfig,
  localMcpClientConfig, savedSettingsIn, toIssues,
} from '../../core/index.ts';
import { AppError, McpConfigQuerySchema, isAppError } from '../../shared/index.ts';
import { guardCall } from './call-guard.ts';
import { parseCliArgs } from './cli-args.ts';
import { buildConfigReport, settingsNote } from './config-command.ts';
import { helpText } from './help.ts';
import { flagsToEnv, runServiceInForeground, runServiceInProcess } from './service-launcher.ts';

async function main(argv: string[]): Promise<number> {
  const args = parseCliArgs(argv);
  if (args.version) {
    process.stdout.write(`${VERSION}\n`);
    return 0;
  }
  if (args.help || (!args.command && !args.server)) {
    process.stdout.write(helpText(VERSION));
    return args.help ? 0 : 2;
  }
  if (args.server) {
    // Loaded on use: the host's modules are not needed by `mcp --stdio` and the one-shot commands.
    const { runServer } = await import('./server-command.ts');
    return runServer(args, {
      env: process.env,
      out: (text) => process.stdout.write(text),
      err: (line) => process.stderr.write(`${line}\n`),
      onStopSignal(stop) {
        const graceful = () => stop(0);
        process.on('SIGINT', graceful);
        process.on('SIGTERM', graceful);
        // The children have their own process groups: a closed terminal must stop them through the host.
        process.on('SIGHUP', graceful);
        // A bug in the host must not leave its children running: stop them, then exit 1.
        process.on('uncaughtException', (err) => {
          process.stderr.write(`persona-mcp --server: internal error: ${err.stack ?? err.message}\n`);
          stop(1);
        });
      },
    });
  }
  if (args.command === 'serve' || args.command === 'mcp') {
    const service = args.command === 'mcp' ? 'mcp' : args.positionals[0];
    if (args.command === 'mcp' && !args.stdio) throw new Error('usage: persona-mcp mcp --stdio [--data-dir D]');
    if (service !== 'mcp' && service !== 'api') throw new Error(`usage: persona-mcp serve mcp|api [flags]${service ? ` (unknown service "${service}")` : ''}`);
    const childArgs = [...(args.stdio ? ['--stdio'] : []), ...(args.configPath ? ['--config', args.configPath] : [])];
    // `mcp --stdio` is one local client's server: it runs in this process (no wrapper beside it).
    if (args.command === 'mcp') return runServiceInProcess(service, childArgs, flagsToEnv(args.flags));
    return runServiceInForeground(service, childArgs, flagsToEnv(args.flags));
  }
  const { config, configFile } = loadConfig({ flags: args.flags, configPath: args.configPath });
  configureLogging({ level: config.log.level, process: 'cli' });
  switch (args.command) {
    case 'config': {
      const report = await buildConfigReport(config, { flags: args.flags, env: process.env, configFile });
      process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
      return 0;
    }
    case 'mcp-config': {
      const query = parseQuery(McpConfigQuerySchema, { ...(args.client ? { client: args.client } : {}), transport: args.http ? 'http' : 'stdio' });
      let token: string | null = null;
      if (query.transport === 'http') {
        // The HTTP snippet carries the install token (created here on a fresh data dir).
        const core = await createCore({ config, migrate: true });
        try {
          token = core.tokens.ensureInstallToken();
        } finally {
          await core.close();
        }
      }
      const snippet = localMcpClientConfig(config, query.client, query.transport, token);
      process.stdout.write(`${snippet.snippet}\n`);
      process.stderr.write([`Paste into ${snippet.file}.`, ...snippet.notes].join('\n') + '\n');
      return 0;
    }
    case 'methods':
      for (const op of OPERATION_TABLE.operations) process.stdout.write(`${op.name.padEnd(28)} ${op.scope.padEnd(6)} ${op.summary}\n`);
      return 0;
    case 'init':
    case 'call': {
      const core = await createCore({ config, migrate: true });
      const before = savedSettingsIn(core.db);
      let ok = false;
      try {
        const ctx = { core, connection: createConnectionState(randomUUID(), 'api') };
        if (args.command === 'init') {
          const { total_count } = (await invokeOperation(OPERATION_TABLE, 'persona.list', {}, ctx)) as { total_count: number };
          process.stdout.write(`data dir ready: ${config.data_dir} (${total_count} personas)\n`);
          return 0;
        }
        const [method, json] = args.positionals;
        if (!method) throw new Error('usage: persona-mcp call <method> [params-json]');
        const params = json === undefined ? {} : parseJson(json);
        await guardCall(core, method, params);
        const result = await invokeOperation(OPERATION_TABLE, method, params, ctx);
        process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
        ok = true;
        return 0;
      } finally {
        // A saved run-time setting: say whether a running server picks it up or the next start will.
        const note = ok ? settingsNote(config.data_dir, before, savedSettingsIn(core.db)) : null;
        await core.close();
        if (note) process.stderr.write(`${note}\n`);
      }
    }
    default:
      process.stderr.write(`Unknown command "${args.command}". Run persona-mcp --help.\n`);
      return 2;
  }
}

/** Parses CLI choices with a zod schema: INVALID_PARAMS with the issues when they do not fit. */
function parseQuery<S extends z.ZodType>(schema: S, value: unknown): z.output<S> {
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw new AppError('INVALID_PARAMS', 'Invalid mcp-config flags: --client is one of claude-desktop, cursor, vscode, generic', { issues: toIssues(parsed.error) });
  return parsed.data;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (err) {
    throw Object.assign(new Error(`params are not valid JSON: ${(err as Error).message}`), { name: 'UsageError' });
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    if (isAppError(err)) {
      const body = { error: { code: err.code, message: err.message, details: err.details, issues: err.issues } };
      process.stderr.write(`${JSON.stringify(body, null, 2)}\n`);
    } else {
      process.stderr.write(`${(err as Error).message ?? String(err)}\n`);
    }
    process.exitCode = 1;
  },
);
