// The named permission vocabulary. Routes declare the permission they need; services check the
// object-level rules (whose ticket, which approver) on top.
import type { Role } from './identity.schema.js';

export const permissions = [
  'catalog:read',
  'catalog:admin',
  'ticket:create',
  'ticket:read',
  'ticket:comment',
  'ticket:transition',
  'ticket:approve',
  'ticket:work',
  'ticket:comment:internal',
  'ticket:read:all',
  'inventory:read',
  'inventory:admin',
  'workflow:admin',
  'sla:read',
  'sla:admin',
  'reports:read',
  'baseline:admin',
  'improvement:read',
  'improvement:admin',
  'notifications:read',
  'notifications:admin',
  'incident:communicate',
  'users:read',
  'users:admin',
  'teams:admin',
  'audit:read',
  'tokens:own',
  'providers:admin',
  'services:read',
  'cmdb:read',
  'cmdb:write',
  'cmdb:admin',
  'incidents:admin',
  'changes:admin',
  'events:read',
  'events:work',
  'events:admin',
  'kb:write',
  'kb:admin',
] as const;
export type Permission = (typeof permissions)[number];

const requester: Permission[] = [
  'catalog:read',
  'ticket:create',
  'ticket:read',
  'ticket:comment',
  'ticket:transition',
  'ticket:approve',
  'inventory:read',
  'sla:read',
  'improvement:read',
  'notifications:read',
  'tokens:own',
  'services:read',
];

const agent: Permission[] = [
  ...requester,
  'ticket:work',
  'ticket:comment:internal',
  'reports:read',
  'users:read',
  'incident:communicate',
  'cmdb:read',
  'cmdb:write',
  'events:read',
  'events:work',
  'kb:write',
];

export const rolePermissions: Record<Role, ReadonlySet<Permission>> = {
  requester: new Set(requester),
  agent: new Set(agent),
  admin: new Set(permissions),
};

export function can(role: Role, permission: Permission): boolean {
  return rolePermissions[role].has(permission);
}

declare module 'fastify' {
  interface FastifyContextConfig {
    /** The permission a caller needs; every /api/v1 route declares one, or `public`. */
    permission?: Permission;
  }
}
