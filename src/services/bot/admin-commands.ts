// `!persona` admin commands (status, mood, memory search <q>, forget <memory id>), answered only
// for the configured admins and only about the bot's own persona (another persona's memory is "not
// found"); everything goes through the mcp service like any other client.

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

/** The answer of a command: markdown text and the outcome for the bot's log. */
export interface AdminResult {
  text: string;
  outcome: 'ok' | 'not_found' | 'failed';
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** True when `memoryId` is a memory of `personaId` (active or archived). */
async function ownsMemory(persona: PersonaCaller, personaId: string, memoryId: string): Promise<boolean> {
  if (!UUID.test(memoryId)) return false;
  try {
    const r = await persona.call<{ memory: { persona_id?: string } }>('memory.get', { memory_id: memoryId });
    return r.memory.persona_id === personaId;
  } catch (err) {
    if ((err as { code?: string }).code === 'NOT_FOUND') return false;
    throw err;
  }
}

/** Runs a command for `personaId` and returns the answer (errors become a short message). */
export async function runAdminCommand(cmd: AdminCommand, personaId: string, persona: PersonaCaller): Promise<AdminResult> {
  try {
    const text = await answer(cmd, personaId, persona);
    return text === null ? { text: `Memory \`${(cmd as { memoryId: string }).memoryId}\` not found.`, outcome: 'not_found' } : { text, outcome: 'ok' };
  } catch (err) {
    return { text: `Command failed: ${err instanceof Error ? err.message : String(err)}`, outcome: 'failed' };
  }
}

/** The markdown answer; null when a `forget` names no memory of this persona. */
async function answer(cmd: AdminCommand, personaId: string, persona: PersonaCaller): Promise<string | null> {
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
      if (!(await ownsMemory(persona, personaId, cmd.memoryId))) return null;
      await persona.call('memory.delete', { memory_id: cmd.memoryId });
      return `Forgot memory \`${cmd.memoryId}\`.`;
    }
  }
}
