import type { RouteObject } from 'react-router';
import { page } from '../app/lazy';

export const changeRoutes: RouteObject[] = [
  { path: 'changes', lazy: page(() => import('./ChangesPage')) },
  { path: 'changes/new', lazy: page(() => import('./NewChangePage')) },
  { path: 'changes/calendar', lazy: page(() => import('./CalendarPage')) },
  { path: 'changes/cab', lazy: page(() => import('./CabAgendaPage')) },
];
