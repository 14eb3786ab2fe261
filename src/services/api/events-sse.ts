// GET /api/events: live changes as server-sent events. Domain events of this
// process's bus (which includes events the host relays from the mcp service) keep their names;
// host pushes become `bot.status`, `bot.log` and `service.status`. A client that falls more than
// `MAX_BUFFER_BYTES` behind is disconnected rather than buffered without bound.
import type { FastifyInstance } from 'fastify';
import type { DomainEvent, HostMessage } from '../../shared/index.ts';
import { requireScope, resolvePersonaId, type ApiContext } from './api-context.ts';
import { createSseWriter, credentialsRevoked, watchTokens } from '../runtime/index.ts';

/** A slow client whose socket buffer exceeds this is disconnected (it re-reads state on reconnect). */
export const MAX_BUFFER_BYTES = 1024 * 1024;

function hostEvent(message: HostMessage): { name: string; persona_id: string | null; data: unknown } | null {
  switch (message.type) {
    case 'bot-status':
      return { name: 'bot.status', persona_id: message.status.persona_id, data: message.status };
    case 'bot-log':
      return { name: 'bot.log', persona_id: message.line.persona_id, data: message.line };
    case 'service-status':
      return { name: 'service.status', persona_id: null, data: message.status };
    default:
      return null;
  }
}

/** Registers `GET /api/events` (`?persona_id=` filter, `?token=` accepted by the security hook). */
export function registerEventRoutes(app: FastifyInstance, api: ApiContext): void {
  app.get('/api/events', async (req, reply) => {
    requireScope(req, 'read');
    const query = req.query as Record<string, string | string[] | undefined>;
    const ref = Array.isArray(query.persona_id) ? query.persona_id[0] : query.persona_id;
    const filter = ref ? await resolvePersonaId(api, ref) : null;
    reply.hijack();
    const sse = createSseWriter(reply.raw, reply.getHeaders());
    let closed = false;
    const send = (name: string, personaId: string | null, data: unknown) => {
      if (closed) return;
      // Host-level events (service status) have no persona and pass every filter.
      if (filter && personaId !== null && personaId !== filter) return;
      if (sse.buffered() > MAX_BUFFER_BYTES) {
        close();
        reply.raw.destroy();
        return;
      }
      void sse.event(name, data);
    };
    const onDomain = (event: DomainEvent) => {
      const { origin: _origin, ...data } = event;
      send(event.name, event.persona_id, data);
    };
    const unsubscribe = api.core.events.subscribe(onDomain);
    const unlisten = api.link.onMessage((message) => {
      const ev = hostEvent(message);
      if (ev) send(ev.name, ev.persona_id, ev.data);
    });
    // A token revoked or replaced while the stream is open ends it at the next heartbeat.
    const token = req.token;
    const tokensChanged = watchTokens(api.core.tokens);
    const heartbeat = setInterval(() => {
      if (tokensChanged() && credentialsRevoked(api.policy, token)) return end();
      sse.comment('heartbeat');
    }, api.timings.heartbeatMs);
    heartbeat.unref();
    const close = () => {
      if (closed) return;
      closed = true;
      clearInterval(heartbeat);
      unsubscribe();
      unlisten();
      api.streams.delete(end);
    };
    const end = () => {
      close();
      sse.end();
    };
    api.streams.add(end);
    reply.raw.on('close', close);
    void sse.event('hello', {
      persona_id: filter, host_attached: api.link.attached, heartbeat_ms: api.timings.heartbeatMs, at: api.core.now().toISOString(),
    });
  });
}
