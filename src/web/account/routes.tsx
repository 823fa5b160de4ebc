import type { RouteObject } from 'react-router';
import { page } from '../app/lazy';

export const accountRoutes: RouteObject[] = [{ path: 'account', lazy: page(() => import('./AccountPage')) }];
