import type { RouteObject } from 'react-router';
import { page } from '../app/lazy';

export const adminRoutes: RouteObject[] = [{ path: 'admin/*', lazy: page(() => import('./AdminPage')) }];
