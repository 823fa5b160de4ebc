import type { RouteObject } from 'react-router';
import { page } from '../app/lazy';

export const incidentRoutes: RouteObject[] = [
  { path: 'incidents', lazy: page(() => import('./IncidentsPage')) },
  { path: 'incidents/new', lazy: page(() => import('./NewIncidentPage')) },
  { path: 'incidents/:key/review', lazy: page(() => import('./ReviewPage')) },
  { path: 'problems', lazy: page(() => import('./ProblemsPage')) },
];
