import { describe, expect, it } from 'vitest';
import type { ChatMessage } from './chatExport.js';
import { createClassifier } from './classifier.js';
import { pairRequests } from './conversations.js';
import type { PairingOptions } from './pairingOptions.js';

const rules = createClassifier();
const classifier = {
  classify: (message: ChatMessage) => rules.classify(message.text),
  topic: (message: ChatMessage) => rules.topic(message.text),
};
const options: PairingOptions = { supportTeam: { names: ['Agus Infra', 'Nanda Infra'] } };

type Line = [author: string, time: string, text: string, extra?: Partial<ChatMessage>];

/** Messages from `[author, 'D HH:MM', text]`, day D of March 2023 (UTC). */
function channel(lines: Line[]): ChatMessage[] {
  return lines.map(([author, time, text, extra], index) => {
    const [day, clock] = time.split(' ');
    const at = new Date(`2023-03-${day!.padStart(2, '0')}T${clock}:00Z`);
    return { index, line: index + 2, author, at, text, ...extra };
  });
}

const pair = (lines: Line[], extra: Partial<PairingOptions> = {}) =>
  pairRequests(channel(lines), classifier, { ...options, ...extra });
const summary = (lines: Line[], extra: Partial<PairingOptions> = {}) =>
  pair(lines, extra).requests.map((r) => ({
    request: r.message.index,
    type: r.type,
    followUps: r.followUps.map((m) => m.index),
    final: r.finalAnswer?.index ?? null,
  }));

describe('pairRequests', () => {
  it('groups follow-ups, takes the real answer after an "on it", and ends at the thanks', () => {
    const result = pair([
      ['Budi', '1 09:00', 'tolong nyalain staging bugfix1x2 dong'],
      ['Budi', '1 09:01', 'urgent ya 🙏'],
      ['Agus Infra', '1 09:02', 'ok, on it'],
      ['Agus Infra', '1 09:10', 'udah nyala ya'],
      ['Budi', '1 09:12', 'makasih min'],
      ['Agus Infra', '1 09:13', 'np'],
    ]);
    expect(result.requests).toHaveLength(1);
    const [request] = result.requests;
    expect(request!.followUps.map((m) => m.index)).toEqual([1, 4]);
    expect(request!.answers.map((m) => m.index)).toEqual([2, 3]);
    expect(request!.finalAnswer?.index).toBe(3);
    expect(result.skipped).toEqual({
      supportAnswer: 2,
      supportOther: 1,
      followUp: 2,
      notARequest: 0,
      empty: 0,
      outsideRange: 0,
    });
  });

  it('keeps waiting after thanks for a mere acknowledgement', () => {
    expect(
      summary([
        ['Budi', '1 09:00', 'pls recreate staging-x with the new template'],
        ['Agus Infra', '1 09:05', '@Budi ok, on it'],
        ['Budi', '1 09:06', 'makasih min 🙏'],
        ['Agus Infra', '2 10:00', '@Budi recreate done ya'],
      ]),
    ).toEqual([{ request: 0, type: 'recreate-staging', followUps: [2], final: 3 }]);
  });

  it('gives each requester the answer that mentions them', () => {
    expect(
      summary([
        ['Budi', '1 09:00', 'tolong nyalain bugfix1x2 dong'],
        ['Rina', '1 09:01', 'pls recreate staging-alpha with new template'],
        ['Agus Infra', '1 09:05', '@Budi done'],
        ['Nanda Infra', '1 09:30', 'done ya @rina'],
      ]),
    ).toEqual([
      { request: 0, type: 'start-request-only-staging', followUps: [], final: 2 },
      { request: 1, type: 'recreate-staging', followUps: [], final: 3 },
    ]);
  });

  it('takes a bare answer hours later for the only open request, not a remark that says nothing is done', () => {
    const request: Line = ['Budi', '1 09:00', 'tolong copy table orders dari qa1x1 ke qa1x2'];
    expect(summary([request, ['Agus Infra', '1 13:00', 'done ya']])[0]!.final).toBe(1);
    expect(summary([request, ['Agus Infra', '1 13:00', 'lunch di padang aja']])[0]!.final).toBeNull();
    expect(summary([request, ['Agus Infra', '1 13:00', 'done copy orders ke qa1x2']])[0]!.final).toBe(1);
  });

  it('leaves a request nobody answered unanswered', () => {
    const result = pair([
      ['Dewi', '1 14:00', 'tolong recreate feature3x1 pake template terbaru'],
      ['Hendra', '1 14:10', 'lunch dimana guys?'],
      ['Dewi', '2 09:00', 'min, gimana?'],
    ]);
    expect(result.requests[0]).toMatchObject({ answers: [], finalAnswer: null });
    expect(result.requests[0]!.followUps.map((m) => m.index)).toEqual([2]);
  });

  it('follows reply columns over timing', () => {
    expect(
      summary([
        ['Budi', '1 09:00', 'tolong nyalain qa1x1', { id: 'm1' }],
        ['Rina', '1 09:01', 'tolong nyalain qa2x2 dong', { id: 'm2' }],
        ['Agus Infra', '1 09:05', 'done', { id: 'm3', replyTo: 'm1' }],
        ['Agus Infra', '1 09:06', 'done juga', { id: 'm4', replyTo: 'm2' }],
      ]),
    ).toEqual([
      { request: 0, type: 'start-request-only-staging', followUps: [], final: 2 },
      { request: 1, type: 'start-request-only-staging', followUps: [], final: 3 },
    ]);
  });

  it('keeps a thread started from a request with that request', () => {
    expect(
      summary([
        ['Budi', '1 09:00', 'pls recreate qa1x1 with the new template', { id: 'm1' }],
        ['Agus Infra', '1 09:02', 'on it', { id: 'm2', thread: 'm1' }],
        ['Rina', '1 09:30', 'can someone copy db orders table from stg-a to stg-b', { id: 'm3' }],
        ['Agus Infra', '1 11:00', 'sudah ya', { id: 'm4', thread: 'm1' }],
      ]),
    ).toEqual([
      { request: 0, type: 'recreate-staging', followUps: [], final: 3 },
      { request: 2, type: 'copy-database-data', followUps: [], final: null },
    ]);
  });

  it('does not give a request the answer to something the requester asked afterwards', () => {
    expect(
      summary([
        ['Budi', '1 09:00', 'tolong nyalain qa1x1 dong'],
        ['Agus Infra', '1 09:05', 'qa1x1 udah nyala ya'],
        ['Budi', '1 11:00', 'tolong reset password vpn aku dong'],
        ['Agus Infra', '1 11:20', '@Budi done'],
      ]),
    ).toEqual([{ request: 0, type: 'start-request-only-staging', followUps: [], final: 1 }]);
  });

  it('reads the same request asked again as a reminder, another server as a new request', () => {
    expect(
      summary([
        ['Budi', '1 09:00', 'tolong nyalain qa1x1'],
        ['Budi', '1 10:00', 'tolong nyalain qa1x1 dong, urgent'],
        ['Budi', '1 10:05', 'tolong nyalain qa2x2 juga'],
      ]),
    ).toEqual([
      { request: 0, type: 'start-request-only-staging', followUps: [1], final: null },
      { request: 2, type: 'start-request-only-staging', followUps: [], final: null },
    ]);
  });

  it('keeps details given right after a request with it, but not a new ask', () => {
    expect(
      summary([
        ['Budi', '1 09:00', 'can someone copy db orders table from stg-a to stg-b'],
        ['Budi', '1 09:01', 'request only staging yang kemarin'],
        ['Budi', '1 09:02', 'oh iya, pls start the request-only one too'],
      ]),
    ).toEqual([
      { request: 0, type: 'copy-database-data', followUps: [1], final: null },
      { request: 2, type: 'start-request-only-staging', followUps: [], final: null },
    ]);
  });

  it('never counts the support team’s own messages as requests, by name or id', () => {
    const result = pair(
      [
        ['Agus Infra', '1 09:00', 'tolong nyalain qa1x1'],
        ['Agus#0420', '1 09:01', 'pls recreate qa2x2 with the new template', { authorId: '42' }],
      ],
      { supportTeam: { names: ['agus infra'], ids: ['42'] } },
    );
    expect(result.requests).toEqual([]);
    expect(result.skipped.supportOther).toBe(2);
  });

  it('leaves out requests outside the period, not their answers', () => {
    const result = pair(
      [
        ['Budi', '1 09:00', 'tolong nyalain qa1x1'],
        ['Rina', '2 09:00', 'tolong nyalain qa2x2'],
        ['Agus Infra', '3 09:30', '@Rina qa2x2 udah nyala'],
      ],
      { from: '2023-03-02T00:00:00Z', to: '2023-03-02T23:59:59Z' },
    );
    expect(result.requests.map((r) => [r.message.index, r.finalAnswer?.index])).toEqual([[1, 2]]);
    expect(result.skipped.outsideRange).toBe(1);
  });
});
