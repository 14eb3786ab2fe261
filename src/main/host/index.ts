/** The host: createHost (services, event relay, bot control), the generic ChildSupervisor, launchers. */
export { createHost, HOST_SERVICES, type Host, type HostOptions, type HostService } from './host.ts';
export { buildHostInfo, formatBanner, type HostInfo, type HostUrls } from './host-info.ts';
export {
  createChildSupervisor, describeExit, DEFAULT_RESTART_POLICY,
  type ChildStatus, type ChildSupervisor, type ChildSupervisorOptions, type LaunchContext, type RestartPolicy,
} from './supervisor.ts';
export { createForkLauncher, type ChildHandle, type LaunchSpec, type Launcher } from './launcher.ts';
export type { BotController, BotControllerContext } from './bot-controller.ts';
export { createBotProxy, type BotProxy } from './bot-proxy.ts';
export { answerHostRequest, runHostAction, toIpcError, type HostRequestDeps, type HostStatusResult } from './host-requests.ts';
export { prepareDataDir, type PreparedData } from './prepare.ts';
/** The edge rules the host's pre-flight shares with the services (ADR 0007). */
export { isLoopbackAddress as isLoopbackHost, tokenRequired } from '../../services/runtime/index.ts';
export { assertPortsFree, portClaims, PortUnavailableError, type PortClaim } from './port-check.ts';
export { readLiveServer, removeServerRecord, writeServerRecord, SERVER_RECORD_FILE, type ServerRecord } from './server-record.ts';
export { pipeLines, MAX_LINE_CHARS } from './line-pipe.ts';
export { SERVICE_ENTRIES, STRIP_CACHE_HOOK, childExecArgv, type ServiceEntryName } from './service-entries.ts';
