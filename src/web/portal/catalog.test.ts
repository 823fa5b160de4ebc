import { describe, expect, it } from 'vitest';
import { type Category, filterCatalog, findRequestType, type RequestType } from './catalog';

const type = (key: string, name: string, description: string): RequestType => ({
  key,
  name,
  description,
  documentation: '',
  docsUrl: null,
  icon: 'world',
  fields: [],
  slaTargets: [],
});

const catalog: Category[] = [
  {
    key: 'staging',
    name: 'Staging Servers',
    description: '',
    requestTypes: [
      type('create-staging-domain', 'Create New Multistaging Domain', 'DNS record, TLS certificate'),
      type('copy-database-data', 'Copy Database Data', 'Copy tables between environments'),
    ],
  },
  {
    key: 'access',
    name: 'Access',
    description: '',
    requestTypes: [type('vpn', 'VPN access', 'Café wifi too')],
  },
];

describe('filterCatalog', () => {
  it('keeps everything for a blank query', () => {
    expect(filterCatalog(catalog, '  ')).toBe(catalog);
  });

  it('matches every word in the name or description, ignoring case', () => {
    const result = filterCatalog(catalog, 'copy TABLES');
    expect(result).toHaveLength(1);
    expect(result[0]!.requestTypes.map((t) => t.key)).toEqual(['copy-database-data']);
  });

  it('drops categories left empty and ignores accents', () => {
    expect(filterCatalog(catalog, 'cafe').map((c) => c.key)).toEqual(['access']);
    expect(filterCatalog(catalog, 'nothing-like-this')).toEqual([]);
  });

  it('finds a request type with its category', () => {
    expect(findRequestType(catalog, 'vpn')?.category.key).toBe('access');
    expect(findRequestType(catalog, 'missing')).toBeNull();
    expect(findRequestType(undefined, 'vpn')).toBeNull();
  });
});
