import { describe, expect, it } from 'vitest';
import { substituteMacros } from '../../../../src/core/chat/macros.model.ts';

describe('card macros', () => {
  it('substitutes every form case-insensitively and inserts names literally', () => {
    expect(substituteMacros('{{CHAR}} greets {{user}}; <BOT> and <user>.', 'Aria', 'Bob')).toBe('Aria greets Bob; Aria and Bob.');
    expect(substituteMacros('Hi {{user}}!', 'Aria', "$& $' $1")).toBe("Hi $& $' $1!");
  });
});
