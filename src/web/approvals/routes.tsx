import type { RouteObject } from 'react-router';
import { page } from '../app/lazy';

export const approvalsRoutes: RouteObject[] = [
  { path: 'approvals', lazy: page(() => import('./ApprovalsPage')) },
];
