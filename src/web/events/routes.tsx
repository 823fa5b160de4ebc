import type { RouteObject } from 'react-router';
import { page } from '../app/lazy';

// Event management: the live console, one alert, the heat map, integrations, rules, silences and maintenance.
export const eventRoutes: RouteObject[] = [
  { path: 'events', lazy: page(() => import('./ConsolePage')) },
  { path: 'events/alerts/:id', lazy: page(() => import('./AlertPage')) },
  { path: 'events/heatmap', lazy: page(() => import('./HeatmapPage')) },
  { path: 'events/integrations', lazy: page(() => import('./IntegrationsPage')) },
  { path: 'events/rules', lazy: page(() => import('./RulesPage')) },
  { path: 'events/silences', lazy: page(() => import('./SilencesPage')) },
];
