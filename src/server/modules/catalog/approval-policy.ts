// Approval policies as data: the schema is part of the API contract (src/shared/api/approvals.ts).
export { type ApprovalPolicy, approvalPolicySchema } from '../../../shared/api/approvals.js';
