import type { RouteObject } from 'react-router';
import { page } from '../app/lazy';

export const agentRoutes: RouteObject[] = [{ path: 'agent', lazy: page(() => import('./QueuePage')) }];
