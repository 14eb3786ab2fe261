// The address a local client dials for a server bound to a listen host: the URLs printed in the
// banner, the MCP client snippets and the PersonaAPI's own probes of the mcp service.

/** True for the IPv6 wildcard in any spelling (`::`, `0::0`, `0:0:0:0:0:0:0:0`). */
function isIpv6Wildcard(host: string): boolean {
  return host.includes('::') ? /^[0:]+$/.test(host) : host === '0:0:0:0:0:0:0:0';
}

/**
 * The host part of a URL a local client dials for a server bound to `bind`: the IPv4 wildcard
 * (or no host) → `127.0.0.1`, the IPv6 wildcard → `[::1]`, any other IPv6 literal in brackets
 * (once), IPv4 addresses and names (`localhost` too) as they are: the server listens there.
 */
export function dialHost(bind: string): string {
  const trimmed = bind.trim();
  const bare = trimmed.startsWith('[') && trimmed.endsWith(']') ? trimmed.slice(1, -1) : trimmed;
  if (bare === '' || bare === '0.0.0.0') return '127.0.0.1';
  if (isIpv6Wildcard(bare)) return '[::1]';
  return bare.includes(':') ? `[${bare}]` : bare;
}
