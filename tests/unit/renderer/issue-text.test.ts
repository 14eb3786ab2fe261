// Validation messages a person reads in the dashboard's forms: produced from the shared schemas'
// real issues (local zod) and from the server's issue form (code + message only).
import { describe, expect, it } from 'vitest';
import { BotConfigInputSchema, PersonaCreateInputSchema } from '../../../src/shared/index.ts';
import { issueText, issuesToErrors } from '../../../src/renderer/components/issue-text.ts';

const labels = { charisma: 'Charisma', homeserver_url: 'Homeserver URL', topic_preferences: 'Topics' };

function errorsOf(schema: { safeParse(v: unknown): { success: boolean; error?: { issues: { path: PropertyKey[]; message: string }[] } } }, input: unknown) {
  const r = schema.safeParse(input);
  expect(r.success).toBe(false);
  return issuesToErrors(r.error?.issues ?? [], labels);
}

describe('issue text', () => {
  it('names the field and says plainly what is wrong with a persona', () => {
    expect(errorsOf(PersonaCreateInputSchema, { name: '' }).name).toBe('Name is required');
    expect(errorsOf(PersonaCreateInputSchema, { name: 'x'.repeat(65) }).name).toBe('Name can be at most 64 characters');
    expect(errorsOf(PersonaCreateInputSchema, { name: 'Brom', charisma: 42 }).charisma).toBe('Charisma must be at most 20');
    expect(errorsOf(PersonaCreateInputSchema, { name: 'Brom', charisma: 0 }).charisma).toBe('Charisma must be at least 1');
    expect(errorsOf(PersonaCreateInputSchema, { name: 'Brom', intelligence: 2.5 }).intelligence).toBe('Intelligence must be a whole number');
    expect(errorsOf(PersonaCreateInputSchema, { name: 'Brom', current_priority: 'whenever' }).current_priority).toMatch(/^Current priority must be one of: /);
    expect(errorsOf(PersonaCreateInputSchema, { name: 'Brom', topic_preferences: { smithing: 400 } }).topic_preferences).toBe('Topics › smithing must be at most 100');
  });

  it('says a bot homeserver must be a web address', () => {
    const e = errorsOf(BotConfigInputSchema, { homeserver_url: 'not a url', user_id: '@a:b.org', access_token: 't' });
    expect(e.homeserver_url).toMatch(/^Homeserver URL must be a web address/);
  });

  it('reads the server form of an issue (no bounds, only zod\'s message) the same way', () => {
    expect(issueText({ path: ['name'], code: 'too_small', message: 'Too small: expected string to have >=1 characters' })).toBe('Name is required');
    expect(issueText({ path: ['charisma'], code: 'too_big', message: 'Too big: expected number to be <=20' }, labels)).toBe('Charisma must be at most 20');
    expect(issueText({ path: ['tags'], code: 'too_big', message: 'Too big: expected array to have <=64 items' })).toBe('Tags can have at most 64 entries');
    expect(issueText({ path: ['social_energy'], code: 'invalid_type', message: 'Invalid input: expected number, received string' })).toBe('Social energy must be a number');
  });

  it('keeps a message written for people, after the field', () => {
    expect(issueText({ path: ['access_token'], code: 'custom', message: 'give access_token or password' })).toBe('Access token: give access_token or password');
    expect(issueText({ path: [], code: 'custom', message: 'card is not valid JSON' })).toBe('Card is not valid JSON');
  });
});
