// Where notification links point. The web app serves these paths; the action links (`/a/`, `/u/`)
// are served by this module (action.routes.ts) and work without signing in.

export const siteName = 'Opsdesk';

export const ticketUrl = (publicUrl: string, key: string) =>
  `${publicUrl}/tickets/${encodeURIComponent(key)}`;

export const incidentUrl = (publicUrl: string, reference: string) =>
  `${publicUrl}/incidents/${encodeURIComponent(reference)}`;

export const approvalActionUrl = (publicUrl: string, token: string) => `${publicUrl}/a/${token}`;

export const unsubscribeUrl = (publicUrl: string, token: string) => `${publicUrl}/u/${token}`;

export const inboxUrl = (publicUrl: string) => `${publicUrl}/notifications`;
