// Every view has a URL. Pages are loaded on demand so the portal's first page ships only what it
// needs; each area lists its own routes in <area>/routes.tsx.
import { createBrowserRouter, Navigate, type RouteObject } from 'react-router';
import { accountRoutes } from '../account/routes';
import { adminRoutes } from '../admin/routes';
import { agentRoutes } from '../agent/routes';
import { approvalsRoutes } from '../approvals/routes';
import { changeRoutes } from '../changes/routes';
import { cmdbRoutes } from '../cmdb/routes';
import { dashboardRoutes } from '../dashboards/routes';
import { eventRoutes } from '../events/routes';
import { incidentRoutes } from '../incidents/routes';
import { kbRoutes } from '../kb/routes';
import { notificationRoutes } from '../notifications/routes';
import { oncallRoutes } from '../oncall/routes';
import { portalRoutes } from '../portal/routes';
import { ticketRoutes } from '../ticket/routes';
import { LoginPage } from './LoginPage';
import { NotFoundPage } from './NotFoundPage';
import { Home, Shell } from './Shell';

const routes: RouteObject[] = [
  { path: '/login', element: <LoginPage /> },
  {
    path: '/',
    element: <Shell />,
    // Shown while the first page's code loads (pages are lazy routes).
    hydrateFallbackElement: (
      <div style={{ height: 56, borderBottom: '1px solid var(--mantine-color-gray-3)' }} />
    ),
    children: [
      { index: true, element: <Home /> },
      ...portalRoutes,
      ...ticketRoutes,
      ...approvalsRoutes,
      ...agentRoutes,
      ...cmdbRoutes,
      ...changeRoutes,
      ...adminRoutes,
      ...dashboardRoutes,
      ...incidentRoutes,
      ...kbRoutes,
      ...oncallRoutes,
      ...eventRoutes,
      ...accountRoutes,
      ...notificationRoutes,
      { path: 'portal/*', element: <Navigate to="/portal" replace /> },
      { path: '*', element: <NotFoundPage /> },
    ],
  },
];

export const router = createBrowserRouter(routes);
