// The catalog as the portal reads it (GET /api/v1/catalog) and the search filter of the catalog page.
// The catalog is the portal's first page: besides the API client it needs only the catalog's part
// of the API contract.
import type { catalogOut } from '../../shared/api/catalog';
import type { Wire } from '../../shared/api/common';
import { api } from '../lib/api';

export type Category = Wire<typeof catalogOut>[number];
export type RequestType = Category['requestTypes'][number];

export const catalogKey = ['catalog'] as const;

export const catalogQuery = {
  queryKey: catalogKey,
  queryFn: () => api('/api/v1/catalog', 'catalog.catalogOut'),
  staleTime: 5 * 60_000,
};

const normalise = (text: string) =>
  text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase();

/**
 * Categories with only the request types whose name or description contain every word of `q`
 * (case- and accent-insensitive); categories left empty are dropped. A blank query keeps everything.
 */
export function filterCatalog(categories: Category[], q: string): Category[] {
  const words = normalise(q).split(/\s+/).filter(Boolean);
  if (words.length === 0) return categories;
  const out: Category[] = [];
  for (const category of categories) {
    const requestTypes = category.requestTypes.filter((type) => {
      const haystack = normalise(`${type.name} ${type.description}`);
      return words.every((word) => haystack.includes(word));
    });
    if (requestTypes.length > 0) out.push({ ...category, requestTypes });
  }
  return out;
}

/** Request type key → name, for lists that only carry the key. */
export function requestTypeNames(categories: Category[] | undefined): Map<string, RequestType> {
  const map = new Map<string, RequestType>();
  for (const category of categories ?? []) for (const type of category.requestTypes) map.set(type.key, type);
  return map;
}

export function findRequestType(categories: Category[] | undefined, key: string) {
  for (const category of categories ?? []) {
    const type = category.requestTypes.find((candidate) => candidate.key === key);
    if (type) return { category, type };
  }
  return null;
}
