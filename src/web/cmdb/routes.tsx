import type { RouteObject } from 'react-router';
import { page } from '../app/lazy';

// The CMDB: CIs (agents), the service catalogue (everyone), the portal's "My services".
export const cmdbRoutes: RouteObject[] = [
  { path: 'cmdb', lazy: page(() => import('./CiListPage')) },
  { path: 'cmdb/cis/:id', lazy: page(() => import('./CiPage')) },
  { path: 'services', lazy: page(() => import('./ServicesPage')) },
  { path: 'portal/services', lazy: page(() => import('./MyServicesPage')) },
];
