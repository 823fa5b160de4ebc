// How a request type is fulfilled: the schema is part of the API contract (src/shared/api/fulfilment.ts).
export {
  type FulfilmentSpec,
  fulfilmentSpecSchema,
  paramSourceSchema,
} from '../../../shared/api/fulfilment.js';
