// The ceiling for the WebSocket benchmark: a bare `ws` server that parses each JSON-RPC frame and
// answers with a result of the same size and shape as a persona.get answer (a fixed persona object,
// serialised per request) — the same bytes and JSON work, but no validation and no database.
import { WebSocketServer } from 'ws';

const payload = JSON.parse(process.env.ECHO_RESULT ?? '{}') as unknown;
const wss = new WebSocketServer({ host: '127.0.0.1', port: 0, path: '/mcp' });
wss.on('connection', (socket) => {
  socket.on('message', (data) => {
    const msg = JSON.parse(String(data)) as { id: unknown };
    socket.send(JSON.stringify({ jsonrpc: '2.0', id: msg.id, result: payload }));
  });
});
wss.on('listening', () => {
  const address = wss.address();
  process.send?.({ type: 'ready', port: address && typeof address === 'object' ? address.port : 0 });
});
process.on('SIGTERM', () => wss.close(() => process.exit(0)));
