// Tickets that close by themselves: a status whose workflow says `scheduleAutoClose` (a delivered
// request waiting for its requester, a resolved incident) schedules the `auto_close` transition
// for N days later; the job fires it only if the ticket is still in that same stretch of status.
// How many days is the practice's to say (flows/ passes it).
import type { AppContext } from '../../context.js';
import { systemActor, type Tx, withTransaction } from '../../db/client.js';
import { getWorkflow, statusOf } from '../workflow/index.js';
import { fireTransition, lockTicket, systemRoles, type TicketRow } from './lifecycle.js';
import { ticketJobs } from './tickets.jobs.js';

export async function scheduleAutoClose(tx: Tx, ticket: TicketRow, now: Date, days: number): Promise<void> {
  await ticketJobs.enqueue(
    tx,
    'tickets.autoClose',
    { ticketId: ticket.id, enteredAt: now.toISOString() },
    { runAt: new Date(now.getTime() + days * 86_400_000), jobKey: `auto-close:${ticket.id}` },
  );
}

/** The auto-close job: closes the ticket if it is still where it was when this was scheduled. */
export async function autoClose(context: AppContext, ticketId: string, enteredAt: string): Promise<void> {
  const actor = systemActor('auto-close');
  const now = context.clock.now();
  await withTransaction(context.db, actor, async (tx) => {
    const ticket = await lockTicket(tx, ticketId);
    if (ticket.statusChangedAt.toISOString() !== enteredAt) return;
    const workflow = await getWorkflow(tx, ticket.workflowKey);
    const closes = workflow.transitions.some(
      (transition) => transition.name === 'auto_close' && transition.from.includes(ticket.status),
    );
    if (!closes) return;
    const days = Math.round(((now.getTime() - ticket.statusChangedAt.getTime()) / 86_400_000) * 10) / 10;
    await fireTransition(tx, {
      ticket,
      name: 'auto_close',
      actor,
      roles: systemRoles,
      now,
      comment: {
        body: `Closed automatically: no answer for ${days} day(s) while ${statusOf(workflow, ticket.status).name.toLowerCase()}.`,
        internal: false,
        kind: 'system',
      },
    });
  });
}
