// Review before trust: which recognised requests a person should look at first.

import type { recognisedRequestOut } from '../../../shared/api/baseline';
import type { Wire } from '../../../shared/api/common';

export type RecognisedRequest = Wire<typeof recognisedRequestOut>;

/** Below this the classifier was unsure of the type. */
export const doubtfulConfidence = 0.8;

/** Why a request deserves a look, or null: an unsure type, no answer found, an unusually long wait. */
export function doubtReason(request: RecognisedRequest): string | null {
  if (request.reviewedAt) return null;
  if (request.confidence < doubtfulConfidence) return `type ${Math.round(request.confidence * 100)} % sure`;
  if (!request.answer) return 'no answer found';
  return null;
}

/** Doubtful requests first (least sure first), then the rest in channel order. */
export function reviewOrder(requests: readonly RecognisedRequest[]): RecognisedRequest[] {
  return [...requests].sort((a, b) => {
    const da = doubtReason(a) ? 0 : 1;
    const db = doubtReason(b) ? 0 : 1;
    return da - db || (da === 0 ? a.confidence - b.confidence : 0) || a.position - b.position;
  });
}
