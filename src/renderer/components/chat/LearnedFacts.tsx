import type { FactChange } from '../../../shared/index.ts';
import { href } from '../../hooks/useRoute.ts';
import { learnedLines } from './learned-facts.ts';

/**
 * The facts a reply's turn taught the persona, under the reply: `Learned: … (replaces …)`, each
 * linked to the memory in the memory browser. Nothing when the turn changed no fact.
 */
export function LearnedFacts({ personaId, facts }: { personaId: string; facts: FactChange[] }) {
  const lines = learnedLines(facts);
  if (!lines.length) return null;
  const link = (id: string) => href('personas', personaId, 'memories', id);
  return (
    <ul className="learned" data-testid="chat-facts" aria-label="Facts learned in this turn">
      {lines.map((l) => (
        <li key={l.id} data-testid="chat-fact" data-op={l.verb}>
          <span className="learned-verb">{l.verb}:</span> <a href={link(l.id)} data-testid="chat-fact-link">{l.text}</a>
          {l.replaces.length ? <> <span className="muted">(replaces {l.replaces.map((r, i) => (
            <span key={r.id}>{i ? '; ' : ''}<a href={link(r.id)} data-testid="chat-fact-replaced">{r.text}</a></span>
          ))})</span></> : null}
        </li>
      ))}
    </ul>
  );
}
