// Where everything is once the host started: bound ports, URLs, data dir, LLM, token.
import type { AppConfig } from '../../shared/index.ts';
import { dialHost } from '../../core/index.ts';

/** URLs of the running services (null for a service this host does not run). */
export interface HostUrls {
  /** MCP WebSocket, `ws://host:port/mcp`. */
  mcp: string;
  /** MCP Streamable HTTP, `http://host:port/mcp`. */
  mcp_http: string;
  /** PersonaAPI origin, `http://host:port`. */
  api: string | null;
  dashboard: string | null;
  docs: string | null;
  openapi: string | null;
}

/** What `host.start()` resolves with. */
export interface HostInfo {
  /** The bind address. */
  host: string;
  ports: { mcp: number; api: number | null };
  urls: HostUrls;
  /** Same as urls.mcp / urls.api, for callers that read flat fields. */
  mcpUrl: string;
  apiUrl: string | null;
  data_dir: string;
  llm: { provider: string; model: string; base_url: string; reachable: boolean };
  /** The install token when the services require one (bound beyond loopback), else null. */
  token: string | null;
}

/** Builds the HostInfo from the config and the ports the services reported. */
export function buildHostInfo(
  config: AppConfig,
  ports: { mcp: number; api: number | null },
  prepared: { token: string | null; llm: HostInfo['llm'] },
): HostInfo {
  const h = dialHost(config.server.host);
  const api = ports.api === null ? null : `http://${h}:${ports.api}`;
  const urls: HostUrls = {
    mcp: `ws://${h}:${ports.mcp}/mcp`,
    mcp_http: `http://${h}:${ports.mcp}/mcp`,
    api,
    dashboard: api ? `${api}/` : null,
    docs: api ? `${api}/docs` : null,
    openapi: api ? `${api}/openapi.json` : null,
  };
  return {
    host: config.server.host,
    ports,
    urls,
    mcpUrl: urls.mcp,
    apiUrl: api,
    data_dir: config.data_dir,
    llm: prepared.llm,
    token: prepared.token,
  };
}

/** The "where everything is" lines printed when the host is up. */
export function formatBanner(info: HostInfo, version: string): string {
  const rows: [string, string][] = [
    ['MCP WebSocket', info.urls.mcp],
    ['MCP HTTP', info.urls.mcp_http],
    ['Dashboard', info.urls.dashboard ?? 'not running (no api service in this build)'],
    ['API docs', info.urls.docs ?? '-'],
    ['OpenAPI', info.urls.openapi ?? '-'],
    ['Data dir', info.data_dir],
    ['LLM', info.llm.provider === 'offline'
      ? 'offline (built-in responder)'
      : `${info.llm.provider} ${info.llm.model} at ${info.llm.base_url}${info.llm.reachable ? '' : ' (not reachable now: the offline responder answers until it is)'}`],
  ];
  if (info.host === '0.0.0.0' || info.host === '::') rows.push(['Listening on', `all interfaces (${info.host})`]);
  if (info.token) rows.push(['Access token', info.token]);
  return [`persona-mcp ${version} is running`, ...rows.map(([k, v]) => `  ${`${k}:`.padEnd(15)} ${v}`), ''].join('\n');
}
