// The improvement module: continual improvement initiatives through the seven CSI steps, with
// baselines and targets measured from the tickets.
import type { OpsdeskModule } from '../module.js';
import { improvementRoutes } from './improvement.routes.js';

export { seedPaperInitiative } from './improvement.seed.js';

export const improvementModule: OpsdeskModule = { name: 'improvement', routes: [improvementRoutes] };
