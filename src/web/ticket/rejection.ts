// A request the automatic verification turned down: right after filing, the server checks the
// fields (patterns, environments, dates, the provider's preflight) and, when some are wrong,
// cancels the ticket with a comment of kind "verification" listing the problems (its `data` is
// { problems: [{ field, message }] }, its body the same in words). Pure, so it is unit-tested.
import type { Ticket, TicketComment } from './types';

export interface Rejection {
  at: string;
  /** One line per problem, e.g. "Environment: no such environment". */
  problems: string[];
  /** The comment's words, when no problem could be read out of it. */
  body: string;
}

function problemsOfData(data: unknown): { field: string; message: string }[] | null {
  if (!data || typeof data !== 'object' || !('problems' in data)) return null;
  const problems = (data as { problems: unknown }).problems;
  if (!Array.isArray(problems)) return null;
  const out = problems.flatMap((problem) =>
    problem &&
    typeof problem === 'object' &&
    typeof (problem as { message?: unknown }).message === 'string' &&
    typeof (problem as { field?: unknown }).field === 'string'
      ? [problem as { field: string; message: string }]
      : [],
  );
  return out.length ? out : null;
}

/** "- Environment: no such environment" lines of the comment's body. */
const bulletLines = (body: string) =>
  body
    .split('\n')
    .map((line) => /^\s*[-*•]\s+(.+)$/.exec(line)?.[1]?.trim())
    .filter((line): line is string => Boolean(line));

/**
 * Why the request was not accepted, or null. Only a cancelled ticket whose latest verification
 * comment explains it; `labels` gives field labels by key (the problem's message is kept whole
 * when it already starts with the label).
 */
export function rejectionOf(
  ticket: Pick<Ticket, 'status' | 'comments'>,
  labels: ReadonlyMap<string, string> = new Map(),
): Rejection | null {
  if (ticket.status !== 'cancelled') return null;
  const comment: TicketComment | undefined = ticket.comments.filter((c) => c.kind === 'verification').at(-1);
  if (!comment) return null;
  const fromData = problemsOfData(comment.data);
  let problems: string[];
  if (fromData) {
    problems = fromData.map(({ field, message }) => {
      const label = labels.get(field) ?? field;
      return message.startsWith(label) ? message : `${label}: ${message}`;
    });
    // Without the labels the body's lines read better (they name the fields by label).
    const lines = bulletLines(comment.body);
    if (labels.size === 0 && lines.length === problems.length) problems = lines;
  } else {
    problems = bulletLines(comment.body);
  }
  return { at: comment.at, problems, body: comment.body };
}
