// The API contract (src/shared/api) as the browser refers to it: a response schema by its name,
// `<module>.<export>` (e.g. 'tickets.ticketOut'). The name carries the schema's type for nothing;
// the schema itself is loaded only by development builds and tests, which check every answer
// against it; a production build does not check answers, so the portal's first page loads no zod.
// (Pages that validate their forms with the shared schemas, or use their value lists, load the
// shared schemas and zod as one lazy chunk of ~95 KB: the workflow editor, SLA, inventory, CMDB,
// event rules and the agent board.)
import type { z } from 'zod';
import type * as approvals from '../../shared/api/approvals';
import type * as audit from '../../shared/api/audit';
import type * as availability from '../../shared/api/availability';
import type * as baseline from '../../shared/api/baseline';
import type * as capacity from '../../shared/api/capacity';
import type * as catalog from '../../shared/api/catalog';
import type * as changes from '../../shared/api/changes';
import type * as cmdb from '../../shared/api/cmdb';
import type * as common from '../../shared/api/common';
import type * as events from '../../shared/api/events';
import type * as fulfilment from '../../shared/api/fulfilment';
import type * as identity from '../../shared/api/identity';
import type * as improvement from '../../shared/api/improvement';
import type * as incidentCommunications from '../../shared/api/incident-communications';
import type * as incidents from '../../shared/api/incidents';
import type * as inventory from '../../shared/api/inventory';
import type * as kb from '../../shared/api/kb';
import type * as notifications from '../../shared/api/notifications';
import type * as oncall from '../../shared/api/oncall';
import type * as problems from '../../shared/api/problems';
import type * as reports from '../../shared/api/reports';
import type * as reviews from '../../shared/api/reviews';
import type * as sla from '../../shared/api/sla';
import type * as tickets from '../../shared/api/tickets';
import type * as workflow from '../../shared/api/workflow';

interface Contract {
  approvals: typeof approvals;
  audit: typeof audit;
  availability: typeof availability;
  baseline: typeof baseline;
  capacity: typeof capacity;
  catalog: typeof catalog;
  cmdb: typeof cmdb;
  changes: typeof changes;
  common: typeof common;
  events: typeof events;
  fulfilment: typeof fulfilment;
  identity: typeof identity;
  improvement: typeof improvement;
  'incident-communications': typeof incidentCommunications;
  incidents: typeof incidents;
  inventory: typeof inventory;
  kb: typeof kb;
  notifications: typeof notifications;
  problems: typeof problems;
  oncall: typeof oncall;
  reports: typeof reports;
  reviews: typeof reviews;
  sla: typeof sla;
  tickets: typeof tickets;
  workflow: typeof workflow;
}

type SchemaExports<Module> = {
  [Name in keyof Module & string]: Module[Name] extends z.ZodType ? Name : never;
}[keyof Module & string];

/** A response schema of the contract by name: 'tickets.ticketOut', 'common.noContent' … */
export type SchemaName = {
  [Module in keyof Contract]: `${Module}.${SchemaExports<Contract[Module]>}`;
}[keyof Contract];

/** The schema a name stands for. */
export type SchemaNamed<Name extends SchemaName> =
  Name extends `${infer Module extends keyof Contract}.${infer Export}`
    ? Export extends keyof Contract[Module]
      ? Contract[Module][Export] extends z.ZodType
        ? Contract[Module][Export]
        : never
      : never
    : never;

/** Development and tests only: the schema itself (its module is loaded on first use). */
export async function loadSchema(name: SchemaName): Promise<z.ZodType> {
  const modules = import.meta.glob<Record<string, unknown>>([
    '../../shared/api/*.ts',
    '!../../shared/api/*.test.ts',
  ]);
  const [module, exported] = name.split('.') as [string, string];
  const load = modules[`../../shared/api/${module}.ts`];
  const schema = load ? (await load())[exported] : undefined;
  if (!schema) throw new Error(`The API contract has no schema ${name}.`);
  return schema as z.ZodType;
}
