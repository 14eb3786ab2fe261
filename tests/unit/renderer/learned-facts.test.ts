// The facts the chat playground shows under a reply: a verb per change, a superseded fact folded into its successor.
import { describe, expect, it } from 'vitest';
import type { FactChange } from '../../../src/shared/index.ts';
import { learnedLines } from '../../../src/renderer/components/chat/learned-facts.ts';

const text = (facts: FactChange[]) => learnedLines(facts).map((l) => `${l.verb}: ${l.text}${l.replaces.length ? ` (replaces ${l.replaces.map((r) => r.text).join('; ')})` : ''}`);

describe('learned facts under a reply', () => {
  it('names each change: learned, already known, no longer', () => {
    expect(text([])).toEqual([]);
    expect(text([
      { id: 'a', op: 'added', text: 'Bob is a blacksmith.' },
      { id: 'b', op: 'touched', text: 'Bob lives in Riverwood.' },
      { id: 'c', op: 'deleted', text: 'Bob likes rain.' },
    ])).toEqual(['Learned: Bob is a blacksmith.', 'Already knew: Bob lives in Riverwood.', 'No longer: Bob likes rain.']);
  });

  it('folds a superseded fact into the fact listed before it that took its slot (X4)', () => {
    expect(learnedLines([
      { id: 'new', op: 'added', text: 'Bob lives in Oakvale now.' },
      { id: 'old', op: 'superseded', text: 'Bob lives in Riverwood.' },
    ])).toEqual([{ id: 'new', verb: 'Learned', text: 'Bob lives in Oakvale now.', replaces: [{ id: 'old', text: 'Bob lives in Riverwood.' }] }]);
    // Several in one message, each to its own successor; an LLM update that matched an existing fact folds into the touch.
    expect(text([
      { id: 'n1', op: 'added', text: 'Bob lives in Oakvale now.' }, { id: 'o1', op: 'superseded', text: 'Bob lives in Riverwood.' },
      { id: 'n2', op: 'added', text: 'Bob works as a farrier.' },
      { id: 't', op: 'touched', text: 'Bob is 40 years old.' }, { id: 'o2', op: 'superseded', text: 'Bob is 39 years old.' },
      { id: 'n3', op: 'added', text: 'Bob plans to marry.' }, { id: 'o3', op: 'superseded', text: 'Bob is single.' }, { id: 'o4', op: 'superseded', text: 'Bob plans to stay single.' },
    ])).toEqual([
      'Learned: Bob lives in Oakvale now. (replaces Bob lives in Riverwood.)', 'Learned: Bob works as a farrier.',
      'Already knew: Bob is 40 years old. (replaces Bob is 39 years old.)', 'Learned: Bob plans to marry. (replaces Bob is single.; Bob plans to stay single.)',
    ]);
  });

  it('leaves a superseded fact with no successor before it on its own line', () => {
    expect(text([{ id: 'o', op: 'superseded', text: 'Bob lives in Riverwood.' }])).toEqual(['No longer: Bob lives in Riverwood.']);
    expect(text([{ id: 'd', op: 'deleted', text: 'Bob likes rain.' }, { id: 'o', op: 'superseded', text: 'x.' }])).toEqual(['No longer: Bob likes rain.', 'No longer: x.']);
  });
});
