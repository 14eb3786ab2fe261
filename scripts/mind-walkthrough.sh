#!/usr/bin/env bash
# The worked example of docs/memory.md: Bob and Dave talk to Aria on fresh data dirs with no LLM
# server, through REST (a running headless server on ports 18480/18481) and through
# `persona-mcp call` (no server). Prints each reply, the facts learned, then participant.get.
# Needs curl and jq.
set -u
REPO=$(cd "$(dirname "$0")/.." && pwd)
cd "$REPO" && source scripts/bootstrap-node.sh >/dev/null
ROOT=$(mktemp -d /tmp/mindrun-XXXX)
BOB='{"id":"bob","display_name":"Bob"}'
DAVE='{"id":"dave","display_name":"Dave"}'
MSGS=("Hello Aria! My name is Bob, I'm a blacksmith and I live in Riverwood." "Do you remember me?" "I love dragon stories. I hate rain." "Actually I live in Oakvale now." "I am not a baker." "What do you know about me?")
echo "== REST: persona-mcp --server --data-dir $ROOT/rest (default LLM settings, no Ollama running)"
node bin/persona-mcp.js --server --data-dir "$ROOT/rest" --api-port 18480 --mcp-port 18481 > "$ROOT/server.log" 2>&1 &
SERVER=$!
for i in $(seq 1 60); do curl -sf http://127.0.0.1:18480/api/health >/dev/null && break; sleep 0.5; done
n=1
for m in "${MSGS[@]}"; do
  body=$(jq -cn --arg m "$m" --argjson p "$BOB" '{message:$m, participant:$p}')
  echo "X$n Bob: $m"
  curl -s -X POST http://127.0.0.1:18480/api/personas/Aria/chat -H 'content-type: application/json' -d "$body" | jq -c '{reply:.response, llm:.llm, facts:[.facts[]|"\(.op): \(.text)"]}'
  n=$((n+1))
done
echo "X7 Dave: What do you know about Bob?"
curl -s -X POST http://127.0.0.1:18480/api/personas/Aria/chat -H 'content-type: application/json' -d "$(jq -cn --argjson p "$DAVE" '{message:"What do you know about Bob?", participant:$p}')" | jq -c '{reply:.response, memories_used:[.memories_used[].content]}'
echo "participant.get api:bob (REST GET /api/participant?key=api:bob):"
curl -s 'http://127.0.0.1:18480/api/participant?key=api:bob' | jq -c '.'
kill $SERVER; wait $SERVER 2>/dev/null
echo
echo "== CLI: persona-mcp call --data-dir $ROOT/cli (no server)"
call() { node bin/persona-mcp.js call --data-dir "$ROOT/cli" "$@"; }
n=1
for m in "${MSGS[@]}"; do
  echo "X$n Bob: $m"
  call persona.chat "$(jq -cn --arg m "$m" --argjson p "$BOB" '{persona_id:"Aria", message:$m, participant:$p}')" | jq -c '{reply:.response, llm:.llm, facts:[.facts[]|"\(.op): \(.text)"]}'
  n=$((n+1))
done
echo "X7 Dave: What do you know about Bob?"
call persona.chat "$(jq -cn --argjson p "$DAVE" '{persona_id:"Aria", message:"What do you know about Bob?", participant:$p}')" | jq -c '{reply:.response, memories_used:[.memories_used[].content]}'
echo "persona-mcp call participant.get '{\"key\":\"api:bob\"}':"
call participant.get '{"key":"api:bob"}' | jq -c '.'
rm -rf "$ROOT"
