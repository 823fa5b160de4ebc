// The notifications module: a delivery pipeline (pipeline/) over channels (channels/: email, chat
// webhooks, in-app), with templates (templates/), audiences and subscriptions (audiences/) and
// one-click links (links/). Incident communications live in incidents/ until the incidents
// module takes them over.
import { moduleJobs, type OpsdeskModule } from '../module.js';
import { adminNotificationRoutes } from './admin.routes.js';
import { incidentRoutes } from './incidents/incidents.routes.js';
import { actionRoutes } from './links/action.routes.js';
import { notificationJobs } from './notifications.jobs.js';
import { notificationRoutes } from './notifications.routes.js';
import { sweep } from './pipeline/after-commit.js';
import { deliver } from './pipeline/deliver.js';
import { sendDigest } from './pipeline/digest.js';
import { dispatch } from './pipeline/dispatch.js';
import { remind } from './pipeline/reminders.js';
import { templateRoutes } from './templates/templates.routes.js';

export type { CommunicationInput } from '../../../shared/api/incident-communications.js';
export { followTicketAs } from './audiences/subscriptions.service.js';
export { chatWebhookExists, sendChatMessage } from './channels/chat-webhooks.service.js';
export { currentEmailChannel } from './channels/email-settings.service.js';
export { communicate, listCommunications } from './incidents/incidents.service.js';
export { pageAcknowledgeLink, signLink, verifyLink } from './links/action-links.js';
export { escapeHtml, messagePage, page as linkPage } from './links/action-pages.js';
export { type ActionTokenPayload, newActionNonce } from './links/links.js';
export { ticketUrl } from './links/urls.js';
export { dispatchAfterCommits } from './pipeline/after-commit.js';
export { type DirectMessage, sendMessages } from './pipeline/direct.js';
export { tellInApp } from './pipeline/inbox.service.js';
export { notificationListener } from './pipeline/listener.js';
export { notifySlaEvent } from './pipeline/sla-events.js';

export const notificationsModule: OpsdeskModule = {
  name: 'notifications',
  routes: [notificationRoutes, adminNotificationRoutes, templateRoutes, incidentRoutes, actionRoutes],
  jobs: moduleJobs(notificationJobs, (context) => ({
    'notifications.dispatch': (payload, job) => dispatch(context, payload.eventId, job),
    'notifications.deliver': (payload, job) => deliver(context, payload.deliveryId, job),
    'notifications.remind': (payload) => remind(context, payload.ticketId, payload.enteredAt),
    'notifications.digest': (payload) => sendDigest(context, payload.userId),
    'notifications.sweep': async () => void (await sweep(context)),
  })),
  cron: [{ task: 'notifications.sweep', pattern: '* * * * *', description: 'every minute' }],
};
