// Environments (types from the API contract, src/shared/api/inventory.ts), and the register / edit
// forms turned into POST / PATCH bodies.
import type { Wire } from '../../../shared/api/common';
import {
  actionNames,
  databaseEngines,
  type EnvironmentState,
  type environmentOut,
} from '../../../shared/api/inventory';

/** The states in the order of an environment's life (the form's choice list). */
export const ENV_STATES = [
  'running',
  'pending',
  'stopping',
  'stopped',
  'terminated',
] as const satisfies readonly EnvironmentState[];
export type EnvState = EnvironmentState;

/** Light-badge colours with AA text contrast. */
export const stateColors: Record<string, string> = {
  running: 'green',
  pending: 'yellow',
  stopping: 'orange',
  stopped: 'gray',
  terminated: 'red',
};

export const FAULT_ACTIONS = actionNames;
export const DB_ENGINES = databaseEngines;

export type Environment = Wire<typeof environmentOut>;

export interface DatabaseRow {
  engine: string;
  name: string;
  /** "orders=1200, customers=800" */
  tables: string;
}

export interface FaultRow {
  action: string;
  kind: NonNullable<Environment['faults']>[number]['kind'];
  times: string;
}

export interface EnvForm {
  name: string;
  provider: string;
  externalId: string;
  state: EnvState;
  requestOnly: boolean;
  region: string;
  url: string;
  domains: string;
  endDate: string;
  databases: DatabaseRow[];
  faults: FaultRow[];
}

export function emptyEnvForm(provider = 'sandbox'): EnvForm {
  return {
    name: '',
    provider,
    externalId: '',
    state: 'stopped',
    requestOnly: false,
    region: '',
    url: '',
    domains: '',
    endDate: '',
    databases: [],
    faults: [],
  };
}

export function envToForm(env: Environment): EnvForm {
  return {
    name: env.name,
    provider: env.provider,
    externalId: env.externalId,
    state: env.state,
    requestOnly: env.requestOnly,
    region: env.region ?? '',
    url: env.url ?? '',
    domains: env.domains.join('\n'),
    endDate: env.endDate ?? '',
    databases: env.databases.map((db) => ({
      engine: db.engine,
      name: db.name,
      tables: Object.entries(db.tables ?? {})
        .map(([table, rows]) => `${table}=${rows}`)
        .join(', '),
    })),
    faults: (env.faults ?? []).map((fault) => ({
      action: fault.action,
      kind: fault.kind,
      times: fault.remaining === null ? '' : String(fault.remaining),
    })),
  };
}

/** "orders=1200, customers=800" → {orders: 1200, customers: 800}; null when a part is not table=rows. */
export function parseTables(text: string): Record<string, number> | null {
  const out: Record<string, number> = {};
  for (const part of text.split(/[\n,]/)) {
    const trimmed = part.trim();
    if (!trimmed) continue;
    const match = /^([A-Za-z_][A-Za-z0-9_]*)\s*[=:]\s*(\d+)$/.exec(trimmed);
    if (!match) return null;
    out[match[1]!] = Number(match[2]);
  }
  return out;
}

const NAME = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;

function faultsBody(rows: FaultRow[], errors: Record<string, string>) {
  return rows.map((row, index) => {
    if (row.kind === 'permanent' || !row.times.trim()) return { action: row.action, kind: row.kind };
    const times = Number(row.times);
    if (!Number.isInteger(times) || times < 1 || times > 100)
      errors[`faults.${index}.times`] = 'A whole number, 1 to 100.';
    return { action: row.action, kind: row.kind, times };
  });
}

const orNull = (text: string) => (text.trim() ? text.trim() : null);

/** POST /api/v1/environments body, or field problems keyed like the server's. */
export function toCreateBody(form: EnvForm, sandbox: boolean) {
  const errors: Record<string, string> = {};
  if (!NAME.test(form.name))
    errors.name = 'Lowercase letters, digits and dashes (1–63), no dash at either end.';
  const body: Record<string, unknown> = {
    name: form.name,
    provider: form.provider,
    state: form.state,
    requestOnly: form.requestOnly,
    region: orNull(form.region),
    url: orNull(form.url),
    endDate: orNull(form.endDate),
    domains: form.domains
      .split(/[\n,]/)
      .map((domain) => domain.trim())
      .filter(Boolean),
  };
  if (form.externalId.trim()) body.externalId = form.externalId.trim();
  if (sandbox) {
    body.databases = form.databases.map((db, index) => {
      if (!/^[A-Za-z0-9_][A-Za-z0-9_-]{0,62}$/.test(db.name))
        errors[`databases.${index}.name`] = 'Letters, digits, _ and -, up to 63.';
      const tables = parseTables(db.tables);
      if (tables === null)
        errors[`databases.${index}.tables`] = 'Write tables as name=rows, separated by commas.';
      return Object.keys(tables ?? {}).length
        ? { engine: db.engine, name: db.name, tables }
        : { engine: db.engine, name: db.name };
    });
    body.faults = faultsBody(form.faults, errors);
  }
  return { body, errors };
}

/** PATCH body: the settings the API lets change (requestOnly is always sent: it defaults to false). */
export function toPatchBody(form: EnvForm, sandbox: boolean) {
  const errors: Record<string, string> = {};
  const body: Record<string, unknown> = {
    state: form.state,
    requestOnly: form.requestOnly,
    region: orNull(form.region),
    url: orNull(form.url),
    endDate: orNull(form.endDate),
  };
  if (sandbox) body.faults = faultsBody(form.faults, errors);
  return { body, errors };
}
