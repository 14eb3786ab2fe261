// `!persona` admin commands (status, mood, memory search <q>, forget <memory id>), answered only
// for the configured admins; everything goes through the mcp service like any other client.

/** The part of the persona client the commands use. */
export interface PersonaCaller {
  call<T = unknown>(method: string, params?: Record<string, unknown>): Promise<T>;
}

/** A parsed admin command, or null when the text is not one. */
export type AdminCommand =
  | { kind: 'status' } | { kind: 'mood' } | { kind: 'search'; query: string } | { kind: 'forget'; memoryId: string } | { kind: 'help' };

/** Parses `!persona …`; unknown sub-commands give `help`. */
export function parseAdminCommand(body: string): AdminCommand | null {
  const m = /^!persona(?:\s+(.*))?$/is.exec(body.trim());
  if (!m) return null;
  const rest = (m[1] ?? '').trim();
  const [word = '', ...args] = rest.split(/\s+/);
  switch (word.toLowerCase()) {
    case 'status': return { kind: 'status' };
    case 'mood': return { kind: 'mood' };
    case 'memory': {
      const query = rest.replace(/^memory\s+search\s*/i, '').trim();
      return /^memory\s+search\s+\S/i.test(rest) ? { kind: 'search', query } : { kind: 'help' };
    }
    case 'forget': return args[0] ? { kind: 'forget', memoryId: args[0] } : { kind: 'help' };
    default: return { kind: 'help' };
  }
}

const HELP = 'Commands: `!persona status`, `!persona mood`, `!persona memory search <query>`, `!persona forget <memory id>`';
const num = (x: unknown) => (typeof x === 'number' ? x.toFixed(2) : String(x));

/** Runs a command for `personaId` and returns the markdown answer (errors become a short message). */
export async function runAdminCommand(cmd: AdminCommand, personaId: string, persona: PersonaCaller): Promise<string> {
  try {
    switch (cmd.kind) {
      case 'help': return HELP;
      case 'status': {
        const s = await persona.call<Record<string, unknown>>('persona.status', { persona_id: personaId });
        return `**Status**\n\n\`\`\`json\n${JSON.stringify(s, null, 2).slice(0, 3000)}\n\`\`\``;
      }
      case 'mood': {
        const r = await persona.call<{ emotional_state: Record<string, unknown> }>('emotional.get_state', { persona_id: personaId });
        const e = r.emotional_state;
        const keys = ['mood', 'energy_level', 'stress_level', 'curiosity', 'social_battery'].filter((k) => k in e);
        return `**Mood**: ${String(e.emotion)} — ${keys.map((k) => `${k} ${num(e[k])}`).join(', ')}`;
      }
      case 'search': {
        const r = await persona.call<{ memories?: { id?: string; memory_id?: string; content: string; score?: number }[] }>('memory.search', { persona_id: personaId, query: cmd.query, n_results: 5 });
        const list = r.memories ?? [];
        if (!list.length) return `No memories match “${cmd.query}”.`;
        return list.map((m) => `- \`${m.id ?? m.memory_id}\` ${m.content.slice(0, 200)}${m.score !== undefined ? ` (${num(m.score)})` : ''}`).join('\n');
      }
      case 'forget': {
        await persona.call('memory.delete', { memory_id: cmd.memoryId });
        return `Forgot memory \`${cmd.memoryId}\`.`;
      }
    }
  } catch (err) {
    return `Command failed: ${err instanceof Error ? err.message : String(err)}`;
  }
}
