import { describe, expect, it } from 'vitest';
import { analyseChatExport, formatDuration, recomputeBaseline } from './baseline.js';

// A small channel in the DiscordChatExporter layout (UTC+7), written by hand.
const rows: [id: string, author: string, date: string, content: string][] = [
  ['9', 'Hendra', '2023-01-10T08:55:00+07:00', 'pagi semua'],
  // Start, answered after 8 min 30 s.
  ['1', 'Budi', '2023-01-10T09:00:00+07:00', 'tolong nyalain staging bugfix1x2 dong'],
  ['100', 'Agus Infra', '2023-01-10T09:08:30+07:00', 'udah nyala ya bugfix1x2'],
  ['1', 'Budi', '2023-01-10T09:10:00+07:00', 'makasih min'],
  // Start, answered after 12 min.
  ['2', 'Rina', '2023-01-11T10:00:00+07:00', "pls start qa1x1, it's a request-only one"],
  ['101', 'Nanda Infra', '2023-01-11T10:12:00+07:00', '@Rina done'],
  // Recreate: acknowledged at once, answered the next day after 26 h 30 min.
  [
    '3',
    'Kevin',
    '2023-01-12T09:00:00+07:00',
    'pls recreate staging-alpha with the new template, new name "staging-alpha-v2"',
  ],
  ['100', 'Agus Infra', '2023-01-12T09:05:00+07:00', '@Kevin ok, on it'],
  ['9', 'Hendra', '2023-01-12T12:00:00+07:00', 'lunch dimana guys?'],
  [
    '100',
    'Agus Infra',
    '2023-01-13T11:30:00+07:00',
    '@Kevin staging-alpha udah di-recreate jadi staging-alpha-v2',
  ],
  // Recreate, never answered (a reminder, then only an unrelated announcement hours later).
  ['4', 'Dewi', '2023-01-16T14:00:00+07:00', 'tolong recreate feature3x1 pake template terbaru'],
  ['4', 'Dewi', '2023-01-17T09:00:00+07:00', 'min, gimana?'],
  ['100', 'Agus Infra', '2023-01-17T16:00:00+07:00', 'maintenance jenkins nanti malam jam 22:00'],
  // Copy, answered after 40 min.
  ['1', 'Budi', '2023-01-18T13:00:00+07:00', 'can someone copy db orders table from stg-a to stg-b'],
  ['101', 'Nanda Infra', '2023-01-18T13:40:00+07:00', 'done copy orders ke stg-b'],
  // Domain, answered after 5 h.
  [
    '2',
    'Rina',
    '2023-01-19T10:00:00+07:00',
    'minta domain baru api-qa1x1.stg.tokoxyz.com buat service promo di qa1x1',
  ],
  ['100', 'Agus Infra', '2023-01-19T15:00:00+07:00', 'api-qa1x1.stg.tokoxyz.com udah aktif ya'],
  ['2', 'Rina', '2023-01-19T15:05:00+07:00', 'thanks!'],
];
const quote = (value: string) => `"${value.replaceAll('"', '""')}"`;
const csv = [
  'AuthorID,Author,Date,Content,Attachments,Reactions',
  ...rows.map((row) => [...row, '', ''].map(quote).join(',')),
].join('\n');
const options = { supportTeam: { ids: ['100', '101'] } };

describe('analyseChatExport', () => {
  const analysis = analyseChatExport(csv, options);

  it('computes Table 2: count, average resolution and unanswered requests per type', () => {
    expect(analysis.table).toEqual([
      // (510 s + 720 s) / 2
      {
        type: 'start-request-only-staging',
        label: 'Start request-only staging server',
        count: 2,
        averageResolutionSeconds: 615,
        unanswered: 0,
      },
      // 26 h 30 min; the second recreate is unanswered.
      {
        type: 'recreate-staging',
        label: 'Recreate staging',
        count: 2,
        averageResolutionSeconds: 95_400,
        unanswered: 1,
      },
      {
        type: 'copy-database-data',
        label: 'Copy database data',
        count: 1,
        averageResolutionSeconds: 2_400,
        unanswered: 0,
      },
      {
        type: 'create-staging-domain',
        label: 'Create staging domain',
        count: 1,
        averageResolutionSeconds: 18_000,
        unanswered: 0,
      },
    ]);
    expect(
      analysis.table.map(
        (row) => row.averageResolutionSeconds && formatDuration(row.averageResolutionSeconds),
      ),
    ).toEqual(['0:10:15', '26:30:00', '0:40:00', '5:00:00']);
  });

  it('lists the recognised requests with what a reviewer needs to check them', () => {
    expect(
      analysis.requests.map((r) => [r.index, r.type, r.answer?.index ?? null, r.resolutionSeconds]),
    ).toEqual([
      [1, 'start-request-only-staging', 2, 510],
      [4, 'start-request-only-staging', 5, 720],
      [6, 'recreate-staging', 9, 95_400],
      [10, 'recreate-staging', null, null],
      [13, 'copy-database-data', 14, 2_400],
      [15, 'create-staging-domain', 16, 18_000],
    ]);
    expect(analysis.requests[2]).toEqual({
      index: 6,
      line: 8,
      authorId: '3',
      author: 'Kevin',
      at: '2023-01-12T02:00:00.000Z',
      text: 'pls recreate staging-alpha with the new template, new name "staging-alpha-v2"',
      type: 'recreate-staging',
      confidence: 1,
      via: 'rule',
      followUpIndexes: [],
      answer: {
        index: 9,
        author: 'Agus Infra',
        at: '2023-01-13T04:30:00.000Z',
        text: '@Kevin staging-alpha udah di-recreate jadi staging-alpha-v2',
      },
      resolutionSeconds: 95_400,
    });
  });

  it('counts the messages it did not take as requests, and why', () => {
    expect(analysis.messageCount).toBe(18);
    expect(analysis.skipped).toEqual({
      supportAnswer: 6,
      supportOther: 1,
      followUp: 3,
      notARequest: 2,
      empty: 0,
      outsideRange: 0,
      invalidRow: 0,
    });
    expect(analysis.period).toEqual({ from: '2023-01-10T01:55:00.000Z', to: '2023-01-19T08:05:00.000Z' });
  });

  it('rejects options without a support team before reading the export', () => {
    expect(() => analyseChatExport(csv, { supportTeam: {} })).toThrow(
      'name at least one support team member',
    );
  });
});

describe('recomputeBaseline', () => {
  it('recomputes Table 2 after a reviewer corrected types and answers', () => {
    const reviewed = analyseChatExport(csv, options).requests.map((request) => {
      // Rina's start was not a request after all; Budi's copy was really a domain request;
      // the reviewer found the answer to Dewi's recreate at 10:00 the next day (20 h).
      if (request.index === 4) return { ...request, type: null };
      if (request.index === 13) return { ...request, type: 'create-staging-domain' as const };
      if (request.index === 10) return { ...request, answer: { at: '2023-01-17T10:00:00+07:00' } };
      return request;
    });
    expect(
      recomputeBaseline(reviewed).map((row) => [
        row.type,
        row.count,
        row.averageResolutionSeconds,
        row.unanswered,
      ]),
    ).toEqual([
      ['start-request-only-staging', 1, 510, 0],
      // (95 400 s + 72 000 s) / 2
      ['recreate-staging', 2, 83_700, 0],
      ['copy-database-data', 0, null, 0],
      // (2 400 s + 18 000 s) / 2
      ['create-staging-domain', 2, 10_200, 0],
    ]);
  });
});

describe('formatDuration', () => {
  it('prints hours beyond a day as the paper does', () => {
    expect(formatDuration(145_630)).toBe('40:27:10');
    expect(formatDuration(585)).toBe('0:09:45');
  });
});
