// Writes the paper's evaluation history (paper-history.ts) as tickets and ticket_history rows —
// inserted directly, as a seed, with the demo's users and staging request types — and measures
// their SLA clocks from that history. `opsdesk seed paper-history`; the reports tests use it too.
import type { AppContext } from '../../context.js';
import { type Actor, systemActor, withTransaction } from '../../db/client.js';
import { conflict } from '../../lib/errors.js';
import { getRequestType } from '../catalog/index.js';
import { findUserByEmail } from '../identity/index.js';
import { storeClosedClocks } from '../sla/index.js';
import { hasTicketsCreatedBetween, importTicket } from '../tickets/index.js';
import { paperEvaluationTickets, type SyntheticTicket } from './paper-history.js';

const resolving = new Set(['waiting_for_customer', 'closed', 'cancelled']);
const done = new Set(['closed', 'cancelled']);
const actorOfTransition: Record<string, 'requester' | 'lead' | 'infra' | 'verification' | 'automation'> = {
  verified: 'verification',
  verification_failed: 'verification',
  approve: 'lead',
  fulfilled: 'automation',
  fulfilment_failed: 'automation',
  resolve: 'infra',
  retry: 'infra',
  report_problem: 'requester',
  confirm: 'requester',
};

/** Status, resolution and closing times a ticket ends with after its steps. */
function outcome(ticket: SyntheticTicket) {
  const at = (offset: number) => new Date(ticket.createdAt.getTime() + offset * 1000);
  let status = 'waiting_for_verification';
  let resolvedAt: Date | null = null;
  let changedAt = ticket.createdAt;
  for (const [offset, , to] of ticket.steps) {
    if (!resolving.has(to)) resolvedAt = null;
    else if (!resolving.has(status)) resolvedAt = at(offset);
    status = to;
    changedAt = at(offset);
  }
  return { status, resolvedAt, changedAt, closedAt: done.has(status) ? changedAt : null };
}

export async function seedPaperEvaluation(context: AppContext): Promise<{ tickets: number }> {
  const { db } = context;
  const synthetic = paperEvaluationTickets();
  const people = new Map<string, { id: string; email: string }>();
  for (const email of [
    'dev@opsdesk.local',
    'pm@opsdesk.local',
    'lead@opsdesk.local',
    'infra@opsdesk.local',
  ]) {
    const user = await findUserByEmail(db, email);
    if (!user) throw new Error(`the demo user ${email} is missing: seed the demo first`);
    people.set(email, { id: user.id, email });
  }
  const types = new Map(
    await Promise.all(
      [...new Set(synthetic.map((ticket) => ticket.requestType))].map(
        async (key) => [key, await getRequestType(db, key)] as const,
      ),
    ),
  );
  const ids = await withTransaction(db, systemActor('paper-history'), async (tx) => {
    const first = synthetic[0]!.createdAt;
    if (await hasTicketsCreatedBetween(tx, first, new Date(first.getTime() + 40 * 86_400_000)))
      throw conflict('already_seeded', 'The sample history (Sep–Oct 2023) already has tickets.');
    const inserted: string[] = [];
    for (const ticket of synthetic) {
      const type = types.get(ticket.requestType)!;
      const requester = people.get(ticket.requester)!;
      const end = outcome(ticket);
      const actor = (transition: string): Actor => {
        const who = actorOfTransition[transition]!;
        if (who === 'verification') return { kind: 'system', id: null, label: 'system:verification' };
        if (who === 'automation') return { kind: 'automation', id: null, label: 'automation:sandbox' };
        const person = who === 'requester' ? requester : people.get(`${who}@opsdesk.local`)!;
        return { kind: 'user', id: person.id, label: person.email };
      };
      let from = 'waiting_for_verification';
      const id = await importTicket(tx, {
        kind: 'request',
        requestTypeId: type.id,
        workflowKey: type.workflowKey,
        status: end.status,
        statusChangedAt: end.changedAt,
        title: `${type.name}: ${Object.values(ticket.fields)
          .filter((v) => typeof v === 'string')
          .slice(0, 2)
          .join(' · ')}`,
        fields: ticket.fields,
        requesterId: requester.id,
        teamId: type.teamId,
        createdAt: ticket.createdAt,
        updatedAt: end.changedAt,
        resolvedAt: end.resolvedAt,
        closedAt: end.closedAt,
        history: [
          {
            at: ticket.createdAt,
            actor: { kind: 'user', id: requester.id, label: requester.email },
            transition: 'create',
            from: null,
            to: from,
          },
          ...ticket.steps.map(([offset, transition, to]) => {
            const entry = {
              at: new Date(ticket.createdAt.getTime() + offset * 1000),
              actor: actor(transition),
              transition,
              from,
              to,
            };
            from = to;
            return entry;
          }),
        ],
      });
      inserted.push(id);
    }
    return inserted;
  });
  await storeClosedClocks(db, ids, context.clock.now());
  return { tickets: ids.length };
}
