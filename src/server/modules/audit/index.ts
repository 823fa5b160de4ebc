// The audit log (filled by a database trigger on every write) and its admin reading.
import type { OpsdeskModule } from '../module.js';
import { auditRoutes } from './audit.routes.js';

export const auditModule: OpsdeskModule = { name: 'audit', routes: [auditRoutes] };
