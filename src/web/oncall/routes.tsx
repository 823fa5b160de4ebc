import type { RouteObject } from 'react-router';
import { page } from '../app/lazy';

export const oncallRoutes: RouteObject[] = [
  { path: 'oncall', lazy: page(() => import('./SchedulesPage')) },
  { path: 'oncall/pages', lazy: page(() => import('./PagesPage')) },
  { path: 'oncall/policies', lazy: page(() => import('./PoliciesPage')) },
];
