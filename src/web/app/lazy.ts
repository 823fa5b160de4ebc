import type { ComponentType } from 'react';

/** A route's page, fetched when first visited: `lazy: page(() => import('./CatalogPage'))`. */
export const page =
  (load: () => Promise<{ default: ComponentType }>) => async (): Promise<{ Component: ComponentType }> => ({
    Component: (await load()).default,
  });
