// The facts the chat playground shows under a reply: verbs per change, a replaced fact folded into its successor.
import { describe, expect, it } from 'vitest';
import { chatFacts, learnedLines } from '../../../src/renderer/components/chat/learned-facts.ts';

describe('learned facts under a reply', () => {
  it('reads only well-formed items of the result, and none from a result without facts', () => {
    expect(chatFacts({ response: 'hi' })).toEqual([]);
    expect(chatFacts(null)).toEqual([]);
    expect(chatFacts({ facts: [{ id: 'a', op: 'insert', text: 'Bob is a blacksmith.' }, { id: 'b', op: 'insert' }, 7, { id: '', op: 'touch', text: 'x' }] }))
      .toEqual([{ id: 'a', op: 'insert', text: 'Bob is a blacksmith.', superseded_by: null, supersedes: null }]);
  });

  it('names each change: learned, already known, no longer', () => {
    const lines = learnedLines(chatFacts({ facts: [
      { id: 'a', op: 'insert', text: 'Bob is a blacksmith.' },
      { id: 'b', op: 'touch', text: 'Bob lives in Riverwood.' },
      { id: 'c', op: 'supersede', text: 'Bob likes rain.' },
    ] }));
    expect(lines.map((l) => `${l.verb}: ${l.text}`)).toEqual(['Learned: Bob is a blacksmith.', 'Already knew: Bob lives in Riverwood.', 'No longer: Bob likes rain.']);
    expect(lines.every((l) => l.replaces === null)).toBe(true);
  });

  it('folds the replaced fact into the new one when either names the other', () => {
    const viaOld = learnedLines(chatFacts({ facts: [
      { id: 'new', op: 'insert', text: 'Bob lives in Oakvale now.' },
      { id: 'old', op: 'supersede', text: 'Bob lives in Riverwood.', superseded_by: 'new' },
    ] }));
    expect(viaOld).toEqual([{ id: 'new', verb: 'Learned', text: 'Bob lives in Oakvale now.', replaces: { id: 'old', text: 'Bob lives in Riverwood.' } }]);
    const viaNew = learnedLines(chatFacts({ facts: [
      { id: 'old', op: 'superseded', text: 'Bob lives in Riverwood.' },
      { id: 'new', op: 'insert', text: 'Bob lives in Oakvale now.', supersedes: 'old' },
    ] }));
    expect(viaNew).toEqual(viaOld);
    // A successor that is not in the list leaves the old fact on its own line.
    expect(learnedLines(chatFacts({ facts: [{ id: 'old', op: 'supersede', text: 'Bob lives in Riverwood.', superseded_by: 'elsewhere' }] }))[0])
      .toMatchObject({ verb: 'No longer', replaces: null });
  });
});
