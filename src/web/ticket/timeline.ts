// The ticket's timeline: status changes (with who made them) and comments (people's, approvals',
// the automation's) merged into one list, oldest first. Pure, so it is unit-tested.
import { statusLabel } from '../lib/format';
import type { HistoryEntry, Ticket, TicketComment } from './types';

export type TimelineItem =
  | {
      type: 'status';
      id: string;
      at: string;
      actor: string;
      actorKind: string;
      from: string | null;
      to: string;
      transition: string;
    }
  | {
      type: 'comment';
      id: string;
      at: string;
      actor: string;
      actorKind: string;
      body: string;
      internal: boolean;
      kind: string;
    };

/** A person's name, or a readable one for system actors ("automation:sandbox" → "Automation (sandbox)"). */
export function actorName(actor: { kind: string; name: string }): string {
  const match = /^(system|automation):(.+)$/.exec(actor.name);
  if (!match) return actor.name;
  const [, kind, what] = match;
  return `${kind === 'system' ? 'Opsdesk' : 'Automation'} (${(what ?? '').replaceAll('_', ' ')})`;
}

export function describeStatusChange(item: { from: string | null; to: string; transition: string }): string {
  if (item.from === null) return `created the ticket (${statusLabel(item.to)})`;
  return `moved it from ${statusLabel(item.from)} to ${statusLabel(item.to)}`;
}

function statusItem(entry: HistoryEntry, index: number): TimelineItem {
  return {
    type: 'status',
    id: `h-${index}-${entry.at}`,
    at: entry.at,
    actor: actorName(entry.actor),
    actorKind: entry.actor.kind,
    from: entry.from,
    to: entry.to,
    transition: entry.transition,
  };
}

function commentItem(comment: TicketComment): TimelineItem {
  return {
    type: 'comment',
    id: comment.id,
    at: comment.at,
    actor: actorName(comment.author),
    actorKind: comment.author.kind,
    body: comment.body,
    internal: comment.internal,
    kind: comment.kind,
  };
}

/**
 * Merges history and comments by time. When a status change and a comment share a timestamp (a
 * transition "with a comment as its reason"), the comment comes first: it explains the change.
 */
export function mergeTimeline(ticket: Pick<Ticket, 'history' | 'comments'>): TimelineItem[] {
  const items: { item: TimelineItem; order: number; seq: number }[] = [];
  ticket.history.forEach((entry, index) => {
    items.push({ item: statusItem(entry, index), order: 1, seq: index });
  });
  ticket.comments.forEach((comment, index) => {
    items.push({ item: commentItem(comment), order: 0, seq: index });
  });
  items.sort((a, b) => {
    const byTime = new Date(a.item.at).getTime() - new Date(b.item.at).getTime();
    if (byTime !== 0) return byTime;
    if (a.order !== b.order) return a.order - b.order;
    return a.seq - b.seq;
  });
  return items.map((entry) => entry.item);
}
