import type { RouteObject } from 'react-router';
import { page } from '../app/lazy';

// The knowledge base: search and read (everyone signed in), write and administer (agents), the
// deflection report (people who read reports).
export const kbRoutes: RouteObject[] = [
  { path: 'kb', lazy: page(() => import('./KnowledgePage')) },
  { path: 'kb/articles/:id', lazy: page(() => import('./ArticlePage')) },
  { path: 'kb/admin', lazy: page(() => import('./KbAdminPage')) },
  { path: 'kb/edit/:id', lazy: page(() => import('./ArticleEditorPage')) },
  { path: 'kb/deflection', lazy: page(() => import('./DeflectionReportPage')) },
];
