// The baseline module: chat-export baselines (the paper's Table 2), their recognised requests,
// reviews and the stored classifier model.
import type { OpsdeskModule } from '../module.js';
import { baselineRoutes } from './baseline.routes.js';

export type { StoredBaselineRow } from './baseline.schema.js';
export {
  type BaselineRow,
  createManualBaseline,
  findBaselineById,
  getBaseline,
  importChatExport,
  listBaselines,
} from './baseline.service.js';

export const baselineModule: OpsdeskModule = { name: 'baseline', routes: [baselineRoutes] };
