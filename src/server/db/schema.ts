// Every module's tables, for `npm run db:generate` (drizzle-kit) only: at run time each module
// queries its own tables through its own schema file.

export * from '../jobs/jobs.schema.js';
export * from '../modules/approvals/approvals.schema.js';
export * from '../modules/audit/audit.schema.js';
export * from '../modules/baseline/baseline.schema.js';
export * from '../modules/capacity/capacity.schema.js';
export * from '../modules/catalog/catalog.schema.js';
export * from '../modules/changes/changes.schema.js';
export * from '../modules/cmdb/cmdb.schema.js';
export * from '../modules/events/events.schema.js';
export * from '../modules/fulfilment/fulfilment.schema.js';
export * from '../modules/identity/identity.schema.js';
export * from '../modules/improvement/improvement.schema.js';
export * from '../modules/incidents/incidents.schema.js';
export * from '../modules/incidents/problems.schema.js';
export * from '../modules/incidents/review.schema.js';
export * from '../modules/inventory/inventory.schema.js';
export * from '../modules/kb/kb.schema.js';
export * from '../modules/notifications/audiences/audiences.schema.js';
export * from '../modules/notifications/notifications.schema.js';
export * from '../modules/oncall/oncall.schema.js';
export * from '../modules/sla/sla.schema.js';
export * from '../modules/statuspage/statuspage.schema.js';
export * from '../modules/tickets/tickets.schema.js';
export * from '../modules/workflow/workflow.schema.js';
export * from '../providers/sandbox/sandbox.schema.js';
