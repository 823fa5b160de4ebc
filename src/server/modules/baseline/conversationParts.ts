// The parts of pairing that need no state: a conversation's shape, choosing among open
// conversations, threads, named servers, and asks put to the team.
import type { ChatMessage } from './chatExport.js';
import type { PairedRequest } from './conversations.js';
import { extractEntities } from './textFeatures.js';

export interface Conversation {
  paired: PairedRequest;
  requester: string;
  entities: Set<string>;
  firstAt: number;
  lastActivityAt: number;
  /** The request, or the support team's latest message in it: "recency" for unaddressed answers. */
  lastSupportAt: number;
  lastRequesterAt: number;
  /** Support team members who have answered. */
  handlers: Set<string>;
  /** Has an answer beyond interim replies. */
  resolved: boolean;
  /** The support team asked the requester something and waits for the reply. */
  askedRequester: boolean;
  closed: boolean;
}

/** Questions put to everyone ("anyone seen …?", "lunch dimana guys?") ask nothing of the team. */
const toEveryone = /\b(guys|gaes|anyone|anybody|everyone|semua|all|teman-?teman|temen2)\b/iu;

/** A message outside the request types that waits for the team's answer. */
export function asksTheTeam(text: string, matchesAskPattern: boolean): boolean {
  return (matchesAskPattern || /\?\s*$/.test(text)) && !toEveryone.test(text);
}

/** How long an unaddressed "done" may answer an ask outside the request types. */
export const askAnswerMs = 3600_000;

/** The conversation the support team touched last (its request, or their latest message in it). */
export function mostRecent(candidates: readonly Conversation[]): Conversation | undefined {
  let best: Conversation | undefined;
  for (const c of candidates) if (!best || c.lastSupportAt >= best.lastSupportAt) best = c;
  return best;
}

export function latest(candidates: readonly Conversation[]): Conversation | undefined {
  let best: Conversation | undefined;
  for (const c of candidates) if (!best || c.lastActivityAt >= best.lastActivityAt) best = c;
  return best;
}

/** Same thread (both outside threads counts), or a thread started from the request itself. */
export function inSameThread(c: Conversation, message: ChatMessage): boolean {
  const request = c.paired.message;
  return (
    (request.thread ?? '') === (message.thread ?? '') ||
    (message.thread !== undefined && request.id !== undefined && message.thread === request.id)
  );
}

export function sharesEntity(c: Conversation, entities: ReadonlySet<string>): boolean {
  for (const entity of entities) if (c.entities.has(entity)) return true;
  return false;
}

/** Both name servers or domains, and none in common: a different matter. */
export function conflicts(c: Conversation, entities: ReadonlySet<string>): boolean {
  return entities.size > 0 && c.entities.size > 0 && !sharesEntity(c, entities);
}

export function entitySet(text: string): Set<string> {
  const { stagings, domains } = extractEntities(text);
  return new Set([...stagings, ...domains]);
}
