import { describe, expect, it } from 'vitest';
import {
  clausesOf, extractRuleFacts, factOfClause, normFactText, normObject, secondPerson, sentencesOf,
} from '../../../../src/core/memory/fact-rules.model.ts';
import { episodeContent, isSmallTalk } from '../../../../src/core/memory/episode.model.ts';

// Rule facts F1–F11 (docs/memory.md "How facts are learned"), speaker Bob.
const one = (clause: string) => factOfClause(clause, 'Bob');
const facts = (message: string) => extractRuleFacts(message, 'Bob').map((f) => [f.rule, f.predicate, f.text, f.second]);

describe('each rule: pattern → slot, third-person text, second-person form', () => {
  it.each([
    ['My name is Robert', 'F1', 'name', "Bob's name is Robert.", 'your name is Robert'],
    ['call me Bobby', 'F1', 'name', "Bob's name is Bobby.", 'your name is Bobby'],
    ['I am from the northern hills', 'F2', 'from', 'Bob is from the northern hills.', 'you are from the northern hills'],
    ["I'm from Riverwood", 'F2', 'from', 'Bob is from Riverwood.', 'you are from Riverwood'],
    ['I come from Oakvale', 'F2', 'from', 'Bob is from Oakvale.', 'you are from Oakvale'],
    ['I live in Riverwood', 'F3', 'lives_in', 'Bob lives in Riverwood.', 'you live in Riverwood'],
    ['i live at the old mill', 'F3', 'lives_in', 'Bob lives in the old mill.', 'you live in the old mill'],
    ['I live on a boat', 'F3', 'lives_in', 'Bob lives in a boat.', 'you live in a boat'],
    ['I work as a smith', 'F4', 'works', 'Bob works as a smith.', 'you work as a smith'],
    ['I work at the forge', 'F4', 'works', 'Bob works at the forge.', 'you work at the forge'],
    ['I work for my uncle', 'F4', 'works', "Bob works for Bob's uncle.", 'you work for your uncle'],
    ['My favourite colour is blue', 'F5', 'favourite:colour', "Bob's favourite colour is blue.", 'your favourite colour is blue'],
    ['my favorite ice cream is mint', 'F5', 'favourite:ice cream', "Bob's favourite ice cream is mint.", 'your favourite ice cream is mint'],
    ['I like dragon stories', 'F6', 'pref:dragon stories', 'Bob likes dragon stories.', 'you like dragon stories'],
    ['I really love the sea', 'F6', 'pref:sea', 'Bob likes the sea.', 'you like the sea'],
    ['I enjoy long walks', 'F6', 'pref:long walks', 'Bob likes long walks.', 'you like long walks'],
    ['I adore my cat', 'F6', "pref:bob's cat", "Bob likes Bob's cat.", 'you like your cat'],
    ['I hate rain', 'F7', 'pref:rain', 'Bob dislikes rain.', 'you dislike rain'],
    ['I dislike the cold', 'F7', 'pref:cold', 'Bob dislikes the cold.', 'you dislike the cold'],
    ["I can't stand liars", 'F7', 'pref:liars', 'Bob dislikes liars.', 'you dislike liars'],
    ['I cannot stand noise', 'F7', 'pref:noise', 'Bob dislikes noise.', 'you dislike noise'],
    ['I am 42 years old', 'F8', 'age', 'Bob is 42 years old.', 'you are 42 years old'],
    ["I'm 7 years old", 'F8', 'age', 'Bob is 7 years old.', 'you are 7 years old'],
    ['I have a dog', 'F9', 'has:dog', 'Bob has a dog.', 'you have a dog'],
    ["I've got two sisters", 'F9', 'has:two sisters', 'Bob has two sisters.', 'you have two sisters'],
    ['I have 3 horses', 'F9', 'has:3 horses', 'Bob has 3 horses.', 'you have 3 horses'],
    ['I am a blacksmith', 'F10', 'is:blacksmith', 'Bob is a blacksmith.', 'you are a blacksmith'],
    ["I'm an archer", 'F10', 'is:archer', 'Bob is an archer.', 'you are an archer'],
    ['I will sail to the isles', 'F11', 'plan:sail to isles', 'Bob plans to sail to the isles.', 'you plan to sail to the isles'],
    ["I'll visit my mother", 'F11', "plan:visit bob's mother", "Bob plans to visit Bob's mother.", 'you plan to visit your mother'],
    ['I am going to learn the lute', 'F11', 'plan:learn lute', 'Bob plans to learn the lute.', 'you plan to learn the lute'],
    ["I'm going to marry", 'F11', 'plan:marry', 'Bob plans to marry.', 'you plan to marry'],
  ])('%s → %s', (clause, rule, predicate, text, second) => {
    expect(one(clause)).toEqual({ rule, predicate, text, second });
  });
});

describe('what makes no fact', () => {
  it.each([
    ['my name is Bob', 'F1 names the speaker (case-insensitive)'], ['My name is BOB', 'F1, upper case'],
    ['I am not a baker', 'negation'], ["I don't like rain", 'negation before the verb'], ['I never live in Oakvale', 'negation'],
    ['my name is not Robert', 'negation opens the object'], ['I like it', 'bare pronoun'], ['I love that', 'bare pronoun'],
    ['I live there', 'bare pronoun'], ['I have dogs', 'F9 needs a, an, two…ten or a digit'], ['I have one dog', 'one is not counted'],
    ['I am tired', 'F10 needs a/an'], ['I am 4O years old', 'not an integer'], [`I like ${'x'.repeat(81)}`, 'object over 80 characters'],
    ['We live in Oakvale', 'not first person'], ['The weather is nice', 'no pattern'], ['I like', 'no object'],
  ])('%s (%s)', (clause) => {
    expect(one(clause)).toBeNull();
  });

  it('F9 passes over an uncounted object to F10/F11 and then to nothing', () => {
    expect(one('I have dogs')).toBeNull();
  });
});

describe('messages: sentences, clauses, questions, leaders, at most 3', () => {
  it('X1: greeting sentence, F1 of the display name skipped, F10 and F3 found in text order', () => {
    expect(facts("Hello Aria! My name is Bob, I'm a blacksmith and I live in Riverwood.")).toEqual([
      ['F10', 'is:blacksmith', 'Bob is a blacksmith.', 'you are a blacksmith'],
      ['F3', 'lives_in', 'Bob lives in Riverwood.', 'you live in Riverwood'],
    ]);
  });

  it('X3, X4, X5', () => {
    expect(facts('I love dragon stories. I hate rain.').map((f) => f[2])).toEqual(['Bob likes dragon stories.', 'Bob dislikes rain.']);
    expect(facts('Actually I live in Oakvale now.')).toEqual([['F3', 'lives_in', 'Bob lives in Oakvale now.', 'you live in Oakvale now']]);
    expect(facts('I am not a baker.')).toEqual([]);
  });

  it('every clause of a question is skipped; the other sentences still count', () => {
    expect(facts('Do you know I live in Oakvale?')).toEqual([]);
    expect(facts('I live in Oakvale, do you know it? I have a cat!').map((f) => f[0])).toEqual(['F9']);
  });

  it('clauses split at ", ", " and ", " or ", " but " only before i, i\'m, i\'ve, i\'ll, my', () => {
    expect(clausesOf("I like bread and butter, and I'm a baker")).toEqual(['I like bread and butter,', "I'm a baker"]);
    expect(clausesOf('I like tea but my brother likes coffee')).toEqual(['I like tea', 'my brother likes coffee']);
    expect(clausesOf("salt or I'll leave, my friend")).toEqual(['salt', "I'll leave", 'my friend']);
    expect(clausesOf('tea, iced or hot')).toEqual(['tea, iced or hot']);
    expect(facts('I like bread and butter, and I have a cat').map((f) => f[2])).toEqual(['Bob likes bread and butter.', 'Bob has a cat.']);
  });

  it('sentences split at . ! ? ; and newlines; curly apostrophes read as straight', () => {
    expect(sentencesOf('One. Two! Three? Four; five\nsix')).toEqual([
      { text: 'One', question: false }, { text: 'Two', question: false }, { text: 'Three', question: true },
      { text: 'Four', question: false }, { text: 'five', question: false }, { text: 'six', question: false },
    ]);
    expect(facts('I’m a potter')).toEqual([['F10', 'is:potter', 'Bob is a potter.', 'you are a potter']]);
  });

  it('leading well, so, actually, by the way, btw, oh are stripped, with or without a comma', () => {
    for (const lead of ['Well, ', 'so ', 'Actually ', 'By the way, ', 'btw ', 'Oh, ', 'Oh well, ']) {
      expect(facts(`${lead}I have a boat`).map((f) => f[2])).toEqual(['Bob has a boat.']);
    }
  });

  it('at most 3 facts per message, in text order; trailing punctuation trimmed', () => {
    expect(facts('I have a cat. I have a dog. I have a horse. I have a goat.').map((f) => f[2])).toEqual(['Bob has a cat.', 'Bob has a dog.', 'Bob has a horse.']);
    expect(facts('I live in Oakvale!!')).toEqual([['F3', 'lives_in', 'Bob lives in Oakvale.', 'you live in Oakvale']]);
  });

  it('the first matching rule wins: F2 before F10, F8 before F10, F9 before F10', () => {
    expect(one("I'm from a village")?.rule).toBe('F2');
    expect(one("I'm 30 years old")?.rule).toBe('F8');
  });
});

describe('helpers', () => {
  it('normObject: lower-case, no articles, collapsed spaces, 40 characters', () => {
    expect(normObject('The  Old   Mill')).toBe('old mill');
    expect(normObject('an Apple a day')).toBe('apple day');
    expect(normObject('x'.repeat(50))).toHaveLength(40);
  });

  it('normFactText ignores case, punctuation and articles', () => {
    expect(normFactText('Bob lives in the Riverwood!')).toBe(normFactText('bob lives in Riverwood'));
    expect(normFactText('Bob lives in Oakvale.')).not.toBe(normFactText('Bob lives in Riverwood.'));
  });

  it('secondPerson: the stored rule form, else the text with the name as you/your', () => {
    expect(secondPerson({ content: 'Bob lives in Oakvale.', metadata: { second_person: 'you live in Oakvale' } }, 'Bob')).toBe('you live in Oakvale');
    expect(secondPerson({ content: "Bob's sister is called Ann.", metadata: {} }, 'Bob')).toBe('your sister is called Ann');
    expect(secondPerson({ content: 'Bobby met Bob at the fair.', metadata: {} }, 'Bob')).toBe('Bobby met you at the fair');
  });
});

describe('episodes (docs/memory.md "What a persona remembers")', () => {
  it('hold the participant\'s words only', () => {
    expect(episodeContent('Bob', 'I live in Oakvale.')).toBe('Bob said: I live in Oakvale.');
  });

  it.each([
    ['Hi', true], ['Thanks, Aria', true], ['Hello there Aria!', true], ['Good morning to you', true], ['How are you?', true],
    ['Hey Aria, how are you?', true], ["what's up", true], ["I'm good, thanks", false], ['Hello, I live in Oakvale now', false],
    ['Do you remember me?', false], ['How are you doing with the new songs?', false],
  ])('%s → small talk %s', (message, small) => {
    expect(isSmallTalk(message, 'Aria')).toBe(small);
  });
});
