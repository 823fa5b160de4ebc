// Whether a requester's comment only thanks the team ("thanks!", "great, works now") rather than
// saying something still does not work. Pure: used when the requester did not say (reopen absent)
// whether their comment sends a delivered request or a resolved incident back to the team.

const gratitude =
  /\b(thanks?|thank\s*(you|u)|thx|ty|cheers|merci|danke|great|perfect|awesome|excellent|brilliant|works?|working|worked|solved|fixed|all good|looks good|lgtm|appreciated?|much obliged|kudos|nice)\b|[🙏👍🎉]/iu;

// Words of a problem or a question: any of them and the comment is not just thanks.
const trouble =
  /\b(not|no|never|n't|nothing|still|again|but|however|except|although|though|error|errors|fail\w*|broken|break\w*|crash\w*|wrong|issue|issues|problem\w*|bug\w*|missing|can ?not|cannot|unable|denied|timeout|timed out|slow|why|how|what|when|where|which|help|please)\b|\?/i;

/** A short comment that thanks or confirms and names no problem and asks nothing. */
export function readsAsThanks(body: string): boolean {
  const text = body.trim().replace(/[’‘]/g, "'");
  if (text.length === 0 || text.length > 280) return false;
  return gratitude.test(text) && !trouble.test(text.replace(/n't\b/gi, ' not'));
}
