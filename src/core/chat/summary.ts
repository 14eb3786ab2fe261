import { z } from 'zod';
import { isoNow, type Message, type Persona } from '../../shared/index.ts';
import type { CoreContext } from '../core-context.ts';
import { createRepositories } from '../repositories.ts';
import { generateStructured } from '../llm/index.ts';
import { getLogger } from '../logger/index.ts';

const log = getLogger('chat.summary');
const SummarySchema = z.object({ summary: z.string().max(4000) });

/** Which messages a rolling summary folds now, or null when none is due. */
export function summaryDue(total: number, uptoSeq: number, hasSummary: boolean, cfg: { max_context_messages: number; summary_threshold: number; summary_chunk: number }): { from: number; to: number } | null {
  const to = total - cfg.max_context_messages;
  if (!hasSummary) return total > cfg.summary_threshold ? { from: 1, to } : null;
  return to - uptoSeq >= cfg.summary_chunk ? { from: uptoSeq + 1, to } : null;
}

/** Extractive summary (offline / LLM failure): previous summary + one line per folded message, last N chars at a line start. */
export function extractiveSummary(previous: string | null, messages: Pick<Message, 'speaker_name' | 'content'>[], maxChars: number): string {
  const lines = messages.map((m) => {
    const first = (m.content.match(/^[\s\S]*?[.!?](\s|$)/)?.[0] ?? m.content).trim();
    return `${m.speaker_name}: ${[...first].slice(0, 100).join('')}`;
  });
  const all = [previous ?? '', ...lines].filter(Boolean).join('\n');
  if (all.length <= maxChars) return all;
  const tail = all.slice(all.length - maxChars);
  const nl = tail.indexOf('\n');
  return nl >= 0 ? tail.slice(nl + 1) : tail;
}

/**
 * Refreshes a session's rolling summary when due: the LLM (structured output) folds the messages
 * into the previous summary; offline or on failure the extractive summary is used. Runs after the
 * reply, on the session's queue, so it never delays a reply.
 */
export async function refreshSummary(core: CoreContext, persona: Persona, sessionId: string): Promise<boolean> {
  const repos = createRepositories(core.db.manager);
  const session = await repos.sessions.get(sessionId);
  if (!session) return false;
  const cfg = core.config.chat;
  const total = repos.sessions.messageCount({ session_id: sessionId });
  const due = summaryDue(total, session.summary_upto_seq, session.summary !== null, cfg);
  if (!due || due.to < due.from) return false;
  const { messages } = repos.sessions.page({ session_id: sessionId }, due.to - due.from + 1, due.to + 1);
  const folded = messages.filter((m) => m.seq >= due.from && m.seq <= due.to);
  const extractive = extractiveSummary(session.summary, folded, cfg.summary_max_chars);
  let summary = extractive;
  const provider = core.llm.current();
  if (provider) {
    const transcript = folded.map((m) => `${m.speaker_name}: ${m.content}`).join('\n');
    const res = await generateStructured(provider, {
      messages: [
        { role: 'system', content: `Summarise this conversation of ${persona.name} in the third person: facts and open threads, at most ${cfg.summary_max_chars} characters. Answer as JSON {"summary": "..."}.` },
        { role: 'user', content: `${session.summary ? `Summary so far:\n${session.summary}\n\n` : ''}New messages:\n${transcript}` },
      ],
      temperature: 0.2,
    }, SummarySchema, { summary: extractive });
    summary = res.value.summary.slice(0, cfg.summary_max_chars);
    if (res.fell_back) log.warn({ session: sessionId }, 'LLM summary failed; used the extractive summary');
  }
  await core.db.transaction(async (em) => {
    const r = createRepositories(em).sessions;
    const s = await r.get(sessionId);
    if (s) await r.save({ ...s, summary, summary_upto_seq: due.to });
  });
  log.debug({ session: sessionId, upto: due.to, at: isoNow(core.now()) }, 'summary refreshed');
  return true;
}
