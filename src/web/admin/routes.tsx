import type { RouteObject } from 'react-router';
import { page } from '../app/lazy';

// Admin areas: catalog + workflows (admin/catalog, admin/workflows), SLA (admin/sla),
// environments + connections (admin/inventory), users + teams (admin/people), chat-export
// baselines and their review (admin/baselines).
export const adminRoutes: RouteObject[] = [
  { path: 'admin', lazy: page(() => import('./AdminHome')) },
  { path: 'admin/request-types', lazy: page(() => import('./catalog/RequestTypesPage')) },
  { path: 'admin/request-types/:key', lazy: page(() => import('./catalog/RequestTypeEditorPage')) },
  { path: 'admin/workflows', lazy: page(() => import('./workflows/WorkflowsPage')) },
  { path: 'admin/workflows/new', lazy: page(() => import('./workflows/WorkflowEditorPage')) },
  { path: 'admin/workflows/:key', lazy: page(() => import('./workflows/WorkflowPage')) },
  { path: 'admin/workflows/:key/edit', lazy: page(() => import('./workflows/WorkflowEditorPage')) },
  { path: 'admin/sla', lazy: page(() => import('./sla/SlaPage')) },
  { path: 'admin/environments', lazy: page(() => import('./inventory/EnvironmentsPage')) },
  { path: 'admin/connections', lazy: page(() => import('./inventory/ConnectionsPage')) },
  { path: 'admin/users', lazy: page(() => import('./people/UsersPage')) },
  { path: 'admin/teams', lazy: page(() => import('./people/TeamsPage')) },
  { path: 'admin/ci-classes', lazy: page(() => import('./cmdb/CiClassesPage')) },
  { path: 'admin/change-roles', lazy: page(() => import('./changes/ChangeRolesPage')) },
  { path: 'admin/baselines', lazy: page(() => import('./baselines/BaselinesPage')) },
  { path: 'admin/baselines/:name', lazy: page(() => import('./baselines/BaselineReviewPage')) },
  { path: 'admin/audit', lazy: page(() => import('./audit/AuditPage')) },
];
