import type { RouteObject } from 'react-router';
import { page } from '../app/lazy';

export const dashboardRoutes: RouteObject[] = [
  { path: 'dashboards', lazy: page(() => import('./DashboardsPage')) },
  { path: 'dashboards/availability', lazy: page(() => import('./AvailabilityPage')) },
];
