import type { RouteObject } from 'react-router';
import { page } from '../app/lazy';

// The person's notification list, and the admins' notification settings.
export const notificationRoutes: RouteObject[] = [
  { path: 'notifications', lazy: page(() => import('./NotificationsPage')) },
  { path: 'admin/notifications', lazy: page(() => import('./admin/NotificationSettingsPage')) },
];
