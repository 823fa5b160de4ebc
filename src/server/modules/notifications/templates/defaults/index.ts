// The default templates of every event: what a fresh installation sends, and what an admin
// starts from when customising a notification.

import type { NotificationTemplate } from '../../../../lib/templates.js';
import type { NotificationEvent } from '../../pipeline/events.js';
import { requestNeedFurtherSupport, slaBreached, slaWarning } from './agents.js';
import { approvalRequested, requestApproved, requestDeclined } from './approvals.js';
import { incidentResolved, incidentStarted, incidentUpdated } from './incidents.js';
import {
  requestClosed,
  requestFiled,
  requestFulfilled,
  requestVerificationFailed,
  requestWaitingForCustomerReminder,
} from './requests.js';
import { ticketAssigned, ticketOpened, ticketResolved } from './tickets.js';

export const defaultTemplates: Readonly<Record<NotificationEvent, NotificationTemplate>> = {
  'request.filed': requestFiled,
  'request.verification_failed': requestVerificationFailed,
  'approval.requested': approvalRequested,
  'request.approved': requestApproved,
  'request.declined': requestDeclined,
  'request.fulfilled': requestFulfilled,
  'request.need_further_support': requestNeedFurtherSupport,
  'request.waiting_for_customer_reminder': requestWaitingForCustomerReminder,
  'sla.warning': slaWarning,
  'sla.breached': slaBreached,
  'request.closed': requestClosed,
  'incident.started': incidentStarted,
  'incident.updated': incidentUpdated,
  'incident.resolved': incidentResolved,
  'ticket.opened': ticketOpened,
  'ticket.assigned': ticketAssigned,
  'ticket.resolved': ticketResolved,
};
