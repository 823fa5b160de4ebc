import type { RouteObject } from 'react-router';
import { page } from '../app/lazy';

export const portalRoutes: RouteObject[] = [
  { path: 'portal', lazy: page(() => import('./CatalogPage')) },
  { path: 'portal/catalog/:key', lazy: page(() => import('./RequestPage')) },
  { path: 'portal/requests', lazy: page(() => import('./MyRequestsPage')) },
  { path: 'portal/report', lazy: page(() => import('./ReportPage')) },
];
