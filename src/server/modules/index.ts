// The modules of Opsdesk: their routes, the handlers of every registered job, and how the ticket
// lifecycle reaches approvals and fulfilment.
import type { AppContext } from '../context.js';
import { systemActor } from '../db/client.js';
import type { RouteModule } from '../http/app.js';
import { enqueue } from '../jobs/queue.js';
import type { JobHandlers } from '../jobs/worker.js';
import { recoverJobsOfDeadWorkers } from '../jobs/worker.js';
import { approvalRoutes } from './approvals/approvals.routes.js';
import { requestApprovals } from './approvals/approvals.service.js';
import { baselineRoutes } from './baseline/baseline.routes.js';
import { catalogRoutes } from './catalog/catalog.routes.js';
import { callbackTimeout } from './fulfilment/callbacks.js';
import { executeRun } from './fulfilment/execution.js';
import { fulfilmentRoutes } from './fulfilment/fulfilment.routes.js';
import { noRunInProgress, startRun } from './fulfilment/fulfilment.service.js';
import { pruneAuth } from './identity/auth.service.js';
import { identityRoutes } from './identity/identity.routes.js';
import { improvementRoutes } from './improvement/improvement.routes.js';
import { connectionRoutes } from './inventory/connections.routes.js';
import { discoverableConnections, syncConnection } from './inventory/connections.service.js';
import { inventoryRoutes } from './inventory/inventory.routes.js';
import { actionRoutes } from './notifications/action.routes.js';
import { adminNotificationRoutes } from './notifications/admin.routes.js';
import { deliver } from './notifications/deliver.js';
import { sendDigest } from './notifications/digest.js';
import { dispatch } from './notifications/dispatch.js';
import { incidentRoutes } from './notifications/incidents.routes.js';
import { notificationListener } from './notifications/listener.js';
import { notificationRoutes } from './notifications/notifications.routes.js';
import { remind } from './notifications/reminders.js';
import { notifySlaEvent } from './notifications/sla-events.js';
import { templateRoutes } from './notifications/templates.routes.js';
import { reportRoutes } from './reports/reports.routes.js';
import { configureSlaEvents } from './sla/sla.events.js';
import { slaRoutes } from './sla/sla.routes.js';
import { checkSla, recomputeBatch, slaTicketListener } from './sla/sla.service.js';
import { configureLifecycle } from './tickets/lifecycle.js';
import { ticketRoutes } from './tickets/tickets.routes.js';
import { autoClose, scheduleAutoClose } from './tickets/tickets.service.js';
import { verifyTicket } from './tickets/verification.js';
import { workflowRoutes } from './workflow/workflow.routes.js';

export const routeModules: RouteModule[] = [
  identityRoutes,
  catalogRoutes,
  workflowRoutes,
  inventoryRoutes,
  connectionRoutes,
  fulfilmentRoutes,
  ticketRoutes,
  approvalRoutes,
  notificationRoutes,
  adminNotificationRoutes,
  templateRoutes,
  incidentRoutes,
  actionRoutes,
  slaRoutes,
  reportRoutes,
  baselineRoutes,
  improvementRoutes,
];

/** Wires the ticket lifecycle's effects and guards to the modules that carry them out. */
export function configureModules(context: AppContext): void {
  configureLifecycle({
    effects: {
      verify: (tx, ticket) => enqueue(tx, 'tickets.verify', { ticketId: ticket.id }),
      requestApproval: (tx, ticket, _actor, now) => requestApprovals(tx, ticket, now),
      fulfil: (tx, ticket, actor, now) => startRun(tx, ticket, actor, now),
      scheduleAutoClose: (tx, ticket, _actor, now) => scheduleAutoClose(context, tx, ticket, now),
    },
    guards: { noRunInProgress },
    // SLA clocks first: a warning or breach already due is raised (and notified) in this transaction too.
    listeners: [slaTicketListener(context), notificationListener(context)],
  });
  // Notifications and escalations hook into SLA warnings and breaches here.
  configureSlaEvents({
    listeners: [
      async (tx, event) => {
        await notifySlaEvent(tx, {
          kind: event.kind === 'breach' ? 'breached' : 'warning',
          ticketId: event.ticketId,
          policyName: event.policyName,
          metric: { key: event.metricKey, name: event.metricName },
          goalSeconds: event.goalSeconds,
          elapsedSeconds: event.elapsedSeconds,
          dueAt: event.breachAt ?? event.dueAt,
          ...(event.kind === 'breach' ? { breachedAt: event.dueAt } : {}),
          at: event.raisedAt,
        });
      },
    ],
  });
}

export function jobHandlers(context: AppContext): JobHandlers {
  const { db, clock } = context;
  return {
    'system.recoverJobs': async (_payload, job) => {
      const dead = await recoverJobsOfDeadWorkers(db);
      if (dead > 0) job.log.warn({ dead }, 'released jobs of worker processes that died');
    },
    'system.prune': async () => {
      await pruneAuth(db, clock.now());
    },
    'tickets.verify': (payload, job) => verifyTicket(context, payload.ticketId, job),
    'tickets.autoClose': (payload) => autoClose(context, payload.ticketId, payload.enteredAt),
    'fulfilment.execute': (payload, job) => executeRun(context, payload.runId, job),
    'fulfilment.callbackTimeout': (payload) => callbackTimeout(context, payload.runId),
    'inventory.sync': async (payload, job) => {
      const names = payload.connection ? [payload.connection] : await discoverableConnections(context);
      for (const name of names) {
        const result = await syncConnection(context, systemActor('inventory-sync'), name, job.signal);
        if (result.discovered > 0) job.log.info({ connection: name, ...result }, 'inventory synced');
      }
    },
    'notifications.dispatch': (payload) => dispatch(context, payload.eventId),
    'notifications.deliver': (payload, job) => deliver(context, payload.deliveryId, job),
    'notifications.remind': (payload) => remind(context, payload.ticketId, payload.enteredAt),
    'notifications.digest': (payload) => sendDigest(context, payload.userId),
    'sla.check': (payload) => checkSla(context, payload),
    'sla.recompute': (payload) => recomputeBatch(context, payload),
  };
}
