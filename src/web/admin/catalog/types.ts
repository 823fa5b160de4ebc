// The catalog as an admin sees it (GET /api/v1/catalog, GET/PATCH /api/v1/catalog/request-types/{key}).
import type { FieldDefinition, FieldDefinitionInput } from '../../../shared/fields';

export interface SlaTarget {
  metric: string;
  goalSeconds: number;
}

export interface RequestTypePublic {
  key: string;
  name: string;
  description: string;
  documentation: string;
  docsUrl: string | null;
  icon: string;
  fields: FieldDefinition[];
  slaTargets: SlaTarget[];
}

export interface Category {
  key: string;
  name: string;
  description: string;
  requestTypes: RequestTypePublic[];
}

/** GET /api/v1/catalog?includeInactive=true: inactive request types too, with these two more. */
export interface RequestTypeListed extends RequestTypePublic {
  active: boolean;
  workflow: string;
}

export interface AdminCategory extends Omit<Category, 'requestTypes'> {
  requestTypes: RequestTypeListed[];
}

export type ApprovalPolicy =
  | { kind: 'none' }
  | { kind: 'manager'; fallbackTeam: string }
  | { kind: 'team_any'; team: string }
  | { kind: 'team_quorum'; team: string; required: number };

export const providerActions = [
  'environment.start',
  'environment.stop',
  'environment.recreate',
  'domain.create',
  'database.copy',
] as const;

export type ParamSource = { field: string } | { value: string | number | boolean };

export type FulfilmentSpec =
  | {
      executor: 'provider';
      action: (typeof providerActions)[number];
      environmentField: string;
      params: Record<string, ParamSource>;
      resultTemplate: string;
      maxAttempts: number;
      timeoutSeconds: number;
    }
  | {
      executor: 'external';
      connection: string;
      environmentField?: string;
      params: Record<string, ParamSource>;
      resultTemplate: string;
      maxAttempts: number;
      timeoutSeconds: number;
    };

export interface RequestTypeAdmin extends RequestTypePublic {
  category: string;
  workflow: string;
  team: string | null;
  approval: ApprovalPolicy;
  fulfilment: FulfilmentSpec | null;
  autoCloseDays: number | null;
  active: boolean;
  position: number;
}

/** The body of PATCH /api/v1/catalog/request-types/{key}: everything editable, fields as edited. */
export interface RequestTypePatch {
  category: string;
  name: string;
  description: string;
  documentation: string;
  docsUrl: string | null;
  icon: string;
  fields: FieldDefinitionInput[];
  workflow: string;
  team: string | null;
  approval: ApprovalPolicy;
  fulfilment: FulfilmentSpec | null;
  autoCloseDays: number | null;
  active: boolean;
  position: number;
}

export interface WorkflowSummary {
  key: string;
  name: string;
  builtIn?: boolean;
}

export interface Team {
  id: string;
  key: string;
  name: string;
}

export interface Connection {
  name: string;
  kind: string;
}

export interface Environment {
  name: string;
  requestOnly: boolean;
  state: string;
}
