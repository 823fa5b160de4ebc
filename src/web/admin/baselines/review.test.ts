import { describe, expect, it } from 'vitest';
import { doubtReason, type RecognisedRequest, reviewOrder } from './review';

const request = (position: number, extra: Partial<RecognisedRequest> = {}): RecognisedRequest => ({
  id: `00000000-0000-4000-8000-00000000000${position}`,
  position,
  line: position + 2,
  messageId: null,
  author: 'Budi',
  at: '2023-03-01T09:00:00.000Z',
  text: 'tolong nyalain qa1x1',
  detectedType: 'start-request-only-staging',
  confidence: 0.95,
  via: 'model',
  type: 'start-request-only-staging',
  answer: { at: '2023-03-01T09:10:00.000Z', author: 'Agus', text: 'done' },
  resolutionSeconds: 600,
  reviewedBy: null,
  reviewedAt: null,
  ...extra,
});

describe('review before trust', () => {
  it('asks to look at unsure types and requests without an answer, until reviewed', () => {
    expect(doubtReason(request(0))).toBeNull();
    expect(doubtReason(request(1, { confidence: 0.62 }))).toBe('type 62 % sure');
    expect(doubtReason(request(2, { answer: null }))).toBe('no answer found');
    expect(doubtReason(request(3, { answer: null, reviewedAt: '2023-03-02T00:00:00.000Z' }))).toBeNull();
  });

  it('puts the doubtful ones first, least sure first, then the rest in channel order', () => {
    const ordered = reviewOrder([
      request(0),
      request(1, { answer: null }),
      request(2, { confidence: 0.5 }),
      request(3),
    ]);
    expect(ordered.map((r) => r.position)).toEqual([2, 1, 0, 3]);
  });
});
