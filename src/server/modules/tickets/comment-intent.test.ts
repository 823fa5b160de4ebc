import { describe, expect, it } from 'vitest';
import { readsAsThanks } from './comment-intent.js';

describe('readsAsThanks', () => {
  it.each([
    'thanks!',
    'Thank you very much',
    'Great, works now 👍',
    'thx',
    'Perfect, cheers',
    'All good, appreciated.',
    'Merci !',
  ])('"%s" is thanks', (body) => expect(readsAsThanks(body)).toBe(true));

  it.each([
    'It still does not work',
    "Thanks, but it doesn't start",
    'thanks, but the domain is missing',
    'Thanks! Why is the database empty?',
    'The page shows an error',
    'ok',
    '',
    'Thanks — one more thing: please also copy the users table',
    `thanks ${'a'.repeat(300)}`,
  ])('"%s" is not only thanks', (body) => expect(readsAsThanks(body)).toBe(false));
});
