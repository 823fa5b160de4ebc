import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { open, openJson, seal, sealJson } from './secretBox.js';

describe('secret box', () => {
  const key = randomBytes(32);
  it('round-trips, and the sealed form does not contain the secret', () => {
    const sealed = sealJson(key, { url: 'postgres://app:hunter2@db/shop' });
    expect(sealed).not.toContain('hunter2');
    expect(openJson(key, sealed)).toEqual({ url: 'postgres://app:hunter2@db/shop' });
    expect(seal(key, 'x')).not.toBe(seal(key, 'x'));
  });
  it('refuses a wrong key or a tampered value', () => {
    const sealed = seal(key, 'secret');
    expect(() => open(randomBytes(32), sealed)).toThrow();
    const parts = sealed.split('.');
    parts[3] = Buffer.from('other').toString('base64url');
    expect(() => open(key, parts.join('.'))).toThrow();
  });
});
