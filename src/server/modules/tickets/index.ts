// The ticket core: every kind of work (requests, incidents, problems, changes) is a ticket with a
// key per kind, a workflow, priority, team, assignee, comments, history, links, participants,
// search and live updates. Practices extend it through `configureTicketCore` (see flows/).
import { moduleJobs, type OpsdeskModule } from '../module.js';
import { attachmentRoutes } from './attachments/attachments.routes.js';
import { pruneStagedAttachments } from './attachments/staged.service.js';
import { autoClose } from './auto-close.js';
import { ticketJobs } from './tickets.jobs.js';
import { ticketRoutes } from './tickets.routes.js';

export { setPriority, type TicketUpdate, updateTicket } from './assignment.js';
export { attachStaged, claimStaged } from './attachments/staged.service.js';
export { statusCountsOfWorkflow } from './auto-assign.js';
export { scheduleAutoClose } from './auto-close.js';
export type {
  TicketSearchFilter,
  TicketSummaryPart,
  TicketViewPart,
  TicketVisibilityRule,
} from './extensions.js';
export { keyPrefixes, type Priority, priorities, type TicketKind, ticketKinds } from './kinds.js';
export {
  type CommentInput,
  configureTicketCore,
  type EffectHandler,
  emitTicketEvent,
  fireTransition,
  type GuardHandler,
  insertComment,
  lockTicket,
  notifyLive,
  notifyUsers,
  systemRoles,
  type TicketEvent,
  type TicketExtensions,
  type TicketListener,
  type TicketRow,
  ticketEvent,
} from './lifecycle.js';
export { addLink, insertLink, linkedFrom, linkedTo, removeLink } from './links.js';
export {
  addParticipants,
  addParticipantsStatement,
  deactivateParticipants,
  deactivateParticipantsStatement,
  participantsOf,
} from './participants.js';
export {
  activeParticipantIdsSql,
  commentAtSql,
  lastEnteredSql,
  latestCommentBeforeSql,
  notifyUsersSql,
} from './sql-fragments.js';
export {
  type CountRange,
  createdResolvedCounts,
  enteredStatusCounts,
  rebuildTicketRollups,
  rebuildTicketSearch,
} from './tickets.counts.js';
export { type SlaSummary, slaSummaryOut, type TicketSearch, ticketSearchQuery } from './tickets.queries.js';
export {
  historyOf,
  lockTicketIfExists,
  type MeasuredTicket,
  type StatusChange,
  statusHistories,
  ticketIdPage,
} from './tickets.reads.js';
export { type TicketLinkType, ticketLinkTypes } from './tickets.schema.js';
export {
  addComment,
  createTicket,
  findTicketByKey,
  fireSystemTransition,
  getTicketById,
  hasTicketsCreatedBetween,
  type ImportedTicket,
  importTicket,
  lockTicketForCaller,
  type NewTicket,
  ticketForCaller,
  ticketFromJson,
  ticketJsonById,
  ticketKeysByIds,
  ticketsByIds,
  transitionByName,
} from './tickets.service.js';
export { openTicketsLike, type RequesterHistory, requesterHistory } from './tickets.stats.js';
export { type TicketOut, ticketOut, ticketSummaries, ticketSummaryOut, ticketView } from './tickets.view.js';
export { canSee, relationsOf, rolesOf, type Viewer, viewerOf, visibleTo } from './visibility.js';

export const ticketsModule: OpsdeskModule = {
  name: 'tickets',
  routes: [ticketRoutes, attachmentRoutes],
  jobs: moduleJobs(ticketJobs, (context) => ({
    'tickets.autoClose': (payload) => autoClose(context, payload.ticketId, payload.enteredAt),
  })),
  async prune(context, now) {
    await pruneStagedAttachments(context, now);
  },
};
