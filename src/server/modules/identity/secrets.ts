// Passwords (argon2id) and bearer tokens (random, stored as SHA-256).
import { createHash, randomBytes } from 'node:crypto';
import { hash, verify } from '@node-rs/argon2';

// OWASP's recommended argon2id parameters (19 MiB, 2 iterations, 1 lane).
const argonOptions = {
  algorithm: 2 /* Algorithm.Argon2id (an ambient const enum) */,
  memoryCost: 19_456,
  timeCost: 2,
  parallelism: 1,
} as const;

export function hashPassword(password: string): Promise<string> {
  return hash(password, argonOptions);
}

// Compared against when the account does not exist, so that timing does not reveal which emails exist.
const dummyHash = hash('opsdesk-timing-equaliser', argonOptions);

export async function verifyPassword(passwordHash: string | null, password: string): Promise<boolean> {
  if (!passwordHash) {
    await verify(await dummyHash, password).catch(() => false);
    return false;
  }
  return verify(passwordHash, password).catch(() => false);
}

export type TokenKind = 'session' | 'personal';
const prefixes: Record<TokenKind, string> = { session: 'ods_', personal: 'odp_' };

export function newToken(kind: TokenKind): { token: string; hash: string; prefix: string } {
  const token = prefixes[kind] + randomBytes(32).toString('base64url');
  return { token, hash: hashToken(token), prefix: token.slice(0, 10) };
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export function randomPassword(): string {
  return randomBytes(12).toString('base64url');
}
