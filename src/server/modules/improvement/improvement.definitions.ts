// The parts of an improvement initiative are part of the API contract (src/shared/api/improvement.ts).
export {
  type Action,
  actionSchema,
  type InitiativeFields,
  initiativeCreateSchema,
  initiativeFieldsSchema,
  initiativeKeySchema,
  initiativePatchSchema,
  needFurtherSupportShare,
  noteSchema,
  type PlanItem,
  planItemSchema,
  type Target,
  targetSchema,
} from '../../../shared/api/improvement.js';
