// The "Staging Servers" category and its four request types (SPEC "The core loop"; paper,
// Tables 1 and 4, Fig. 10). Keys are part of the API contract. Their Table 3 targets are the
// goals of the SLA policies the demo seeds (sla/defaults.ts, sla/sla.seed.ts).
import type { FieldDefinitionInput } from '../../../shared/fields.js';
import type { EnvironmentInput } from '../inventory/index.js';
import type { CategoryInput, RequestTypeInput } from './catalog.service.js';

type DemoEnvironment = Omit<EnvironmentInput, 'provider'>;

export const stagingCategory: CategoryInput = {
  key: 'staging-servers',
  name: 'Staging Servers',
  description: 'Start, recreate and configure the multi-staging environments, and copy data between them.',
  position: 1,
};

const dnsLabel = {
  regex: '^(?!-)[A-Za-z0-9-]{1,63}(?<!-)$',
  message: 'use letters, digits and dashes only, not starting or ending with a dash, at most 63 characters',
};
const environmentNamePattern = {
  regex: '^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$',
  message: 'use lowercase letters, digits and dashes only (1–63), not starting or ending with a dash',
};
const existing = { environment: { mustExist: true } } as const;
const approval = { kind: 'manager', fallbackTeam: 'infrastructure' } as const;
const docs = (key: string) => `/portal/catalog/${key}#tutorial`;

function field(definition: FieldDefinitionInput) {
  return { required: true, rules: {}, ...definition } as RequestTypeInput['fields'][number];
}

export const stagingRequestTypes: RequestTypeInput[] = [
  {
    key: 'create-staging-domain',
    category: 'staging-servers',
    name: 'Create New Multistaging Domain',
    description:
      'Register a new domain name for a service on a staging environment: DNS record, TLS certificate and CDN alias.',
    documentation: [
      '## Create a new multistaging domain',
      'Pick the staging environment and type the name of the new subdomain (a DNS label): letters, digits and',
      'dashes, at most 63 characters, not starting or ending with a dash. `shop-api` on `bugfix1x2` becomes',
      '`https://shop-api.bugfix1x2.<staging domain>`. After your manager approves, the DNS record, the certificate and',
      'the CDN alias are created automatically and the address is posted on the ticket.',
    ].join('\n'),
    docsUrl: docs('create-staging-domain'),
    icon: 'world',
    position: 1,
    team: 'infrastructure',
    approval,
    fields: [
      field({ key: 'environment', label: 'Staging environment', type: 'environment', rules: existing }),
      field({
        key: 'domain',
        label: 'Domain',
        type: 'text',
        placeholder: 'shop-api',
        rules: { pattern: dnsLabel },
      }),
    ],
    fulfilment: {
      executor: 'provider',
      action: 'domain.create',
      environmentField: 'environment',
      params: { domain: { field: 'domain' } },
      resultTemplate:
        '{{ outputs.url }} now serves {{ fields.environment }}: the DNS record, TLS certificate and CDN alias are in place.',
      maxAttempts: 5,
      timeoutSeconds: 5 * 3600,
    },
  },
  {
    key: 'start-request-only-staging',
    category: 'staging-servers',
    name: 'Start Request Only Multistaging',
    description:
      'Start a request-only staging environment (one that does not run unless someone asks for it).',
    documentation: [
      '## Start a request-only multistaging',
      'Request-only environments are stopped unless requested. Pick one from the list (only request-only',
      'environments are accepted); once your manager approves, it is started and its address is posted on the ticket.',
    ].join('\n'),
    docsUrl: docs('start-request-only-staging'),
    icon: 'player-play',
    position: 2,
    team: 'infrastructure',
    approval,
    fields: [
      field({
        key: 'environment',
        label: 'Staging environment',
        type: 'environment',
        rules: { environment: { mustExist: true, requestOnly: true } },
      }),
    ],
    fulfilment: {
      executor: 'provider',
      action: 'environment.start',
      environmentField: 'environment',
      params: {},
      resultTemplate: '{{ fields.environment }} is running: {{ outputs.url }}',
      maxAttempts: 5,
      timeoutSeconds: 1800,
    },
  },
  {
    key: 'recreate-staging',
    category: 'staging-servers',
    name: 'Recreate Multistaging Instance',
    description:
      'Re-create an existing staging environment from the newest template, under a new name, until an end date.',
    documentation: [
      '## Recreate a multistaging instance',
      'A new environment is created from the newest template under the new name, then the current one is destroyed.',
      'The new name must be free and differ from the current one; the end date must be in the future.',
    ].join('\n'),
    docsUrl: docs('recreate-staging'),
    icon: 'refresh',
    position: 3,
    team: 'infrastructure',
    approval,
    fields: [
      field({
        key: 'environment',
        label: 'Current staging environment',
        type: 'environment',
        rules: existing,
      }),
      field({
        key: 'newName',
        label: 'New name',
        type: 'environment',
        placeholder: 'bugfix1x3',
        rules: {
          pattern: environmentNamePattern,
          environment: { mustExist: false, mustNotExist: true },
          differsFrom: 'environment',
        },
      }),
      field({ key: 'endDate', label: 'End date', type: 'date', rules: { futureDate: true } }),
    ],
    fulfilment: {
      executor: 'provider',
      action: 'environment.recreate',
      environmentField: 'environment',
      params: { newName: { field: 'newName' }, endDate: { field: 'endDate' } },
      resultTemplate:
        '{{ fields.environment }} was recreated from the newest template as {{ outputs.newName }}: {{ outputs.url }} (until {{ outputs.endDate }}).',
      maxAttempts: 5,
      timeoutSeconds: 6 * 3600,
    },
  },
  {
    key: 'copy-database-data',
    category: 'staging-servers',
    name: 'Copy Database Data',
    description: 'Copy tables (MongoDB: collections) from one staging environment’s database to another’s.',
    documentation: [
      '## Copy database data',
      'Choose the source and the target environment, the engine (PostgreSQL, MySQL or MongoDB), the database and the',
      'tables to copy. The listed tables of the target are replaced by the source’s rows, and the copy is checked:',
      'the target must end with as many rows as the source. Tables that do not exist in the source are refused before',
      'anything is approved.',
    ].join('\n'),
    docsUrl: docs('copy-database-data'),
    icon: 'database',
    position: 4,
    team: 'infrastructure',
    approval,
    fields: [
      field({ key: 'sourceEnvironment', label: 'Source environment', type: 'environment', rules: existing }),
      field({
        key: 'targetEnvironment',
        label: 'Target environment',
        type: 'environment',
        rules: { ...existing, differsFrom: 'sourceEnvironment' },
      }),
      field({
        key: 'engine',
        label: 'Database engine',
        type: 'select',
        options: [
          { value: 'postgres', label: 'PostgreSQL' },
          { value: 'mysql', label: 'MySQL / MariaDB' },
          { value: 'mongodb', label: 'MongoDB' },
        ],
      }),
      field({
        key: 'database',
        label: 'Database',
        type: 'text',
        rules: {
          pattern: {
            regex: '^[A-Za-z0-9_][A-Za-z0-9_-]{0,62}$',
            message: 'letters, digits, underscores and dashes only',
          },
        },
      }),
      field({
        key: 'tables',
        label: 'Tables or collections',
        type: 'list',
        rules: {
          minItems: 1,
          maxItems: 100,
          itemPattern: {
            regex: '^[A-Za-z_][A-Za-z0-9_$.-]{0,62}$',
            message: 'a table name (letters, digits, underscores)',
          },
        },
      }),
    ],
    fulfilment: {
      executor: 'provider',
      action: 'database.copy',
      environmentField: 'targetEnvironment',
      params: {
        sourceEnvironment: { field: 'sourceEnvironment' },
        targetEnvironment: { field: 'targetEnvironment' },
        engine: { field: 'engine' },
        database: { field: 'database' },
        tables: { field: 'tables' },
      },
      resultTemplate: '{{ summary }}',
      maxAttempts: 5,
      timeoutSeconds: 6 * 3600,
    },
  },
];

/** The demo's staging environments on the sandbox provider (CONTRACT: among them bugfix1x2, request-only, stopped). */
export const demoEnvironments: DemoEnvironment[] = [
  {
    name: 'bugfix1x2',
    requestOnly: true,
    state: 'stopped',
    databases: [
      { engine: 'postgres', name: 'shop', tables: { orders: 1200, order_items: 3400, customers: 800 } },
    ],
  },
  {
    name: 'feature-payments',
    requestOnly: true,
    state: 'stopped',
    databases: [{ engine: 'postgres', name: 'shop', tables: { orders: 0, order_items: 0, customers: 0 } }],
  },
  {
    name: 'staging-main',
    requestOnly: false,
    state: 'running',
    databases: [
      { engine: 'postgres', name: 'shop', tables: { orders: 5000, order_items: 12000, customers: 2500 } },
      { engine: 'mysql', name: 'catalog', tables: { products: 900, categories: 40 } },
    ],
  },
  {
    name: 'qa-checkout',
    requestOnly: false,
    state: 'running',
    databases: [
      { engine: 'mysql', name: 'catalog', tables: { products: 0, categories: 0 } },
      { engine: 'mongodb', name: 'events', tables: { clicks: 0 } },
    ],
  },
  { name: 'promo-2x', requestOnly: true, state: 'stopped', databases: [] },
];
