// The catalog as an admin sees it (GET /api/v1/catalog, GET/PATCH /api/v1/catalog/request-types/{key}):
// types from the API contract (src/shared/api/catalog.ts).
import type { adminCatalogOut, catalogOut, requestTypeAdmin } from '../../../shared/api/catalog';
import type { Wire } from '../../../shared/api/common';
import type { teamOut } from '../../../shared/api/identity';
import type { connectionOut, environmentOut } from '../../../shared/api/inventory';
import type { FieldDefinitionInput } from '../../../shared/fields';

export type Category = Wire<typeof catalogOut>[number];
/** GET /api/v1/catalog?includeInactive=true: every type also says whether it is active, and its workflow. */
export type AdminCategory = Wire<typeof adminCatalogOut>[number];
export type RequestTypeAdmin = Wire<typeof requestTypeAdmin>;
export type ApprovalPolicy = RequestTypeAdmin['approval'];
export type FulfilmentSpec = NonNullable<RequestTypeAdmin['fulfilment']>;

/**
 * The body of PATCH /api/v1/catalog/request-types/{key} as the editor sends it: everything
 * editable (as the server answers it), the fields as edited.
 */
export type RequestTypePatch = Omit<RequestTypeAdmin, 'key' | 'slaTargets' | 'fields'> & {
  fields: FieldDefinitionInput[];
};

export type Team = Wire<typeof teamOut>;
export type Connection = Wire<typeof connectionOut>;
export type Environment = Wire<typeof environmentOut>;
