import type { RouteObject } from 'react-router';
import { page } from '../app/lazy';

export const ticketRoutes: RouteObject[] = [
  { path: 'tickets/:key', lazy: page(() => import('./TicketPage')) },
];
