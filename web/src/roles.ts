// How roles read in the interface, and which scope each one takes (mirrors src/domain/roles.ts:
// reporters and approvers act for a post, reviewers for a region, the others everywhere).
import type { MyRole, Role } from './api.ts';

export const ROLES: readonly Role[] = [
  'reporter',
  'approver',
  'reviewer',
  'editor',
  'analyst',
  'partner',
  'admin',
];

export const ROLE_LABELS: Record<Role, string> = {
  reporter: 'Reporter',
  approver: 'Approver',
  reviewer: 'Reviewer',
  editor: 'Editor',
  analyst: 'Analyst',
  partner: 'Partner',
  admin: 'Admin',
};

export type RoleScope = 'post' | 'region' | 'global';

export function scopeOf(role: Role): RoleScope {
  if (role === 'reporter' || role === 'approver') return 'post';
  if (role === 'reviewer') return 'region';
  return 'global';
}

/** "Reporter · Embassy Paris", "Reviewer · Europe and Eurasia", "Admin". */
export function describeRole(r: Pick<MyRole, 'role' | 'postName' | 'regionName'>): string {
  const scope = r.postName ?? r.regionName;
  return scope ? `${ROLE_LABELS[r.role]} · ${scope}` : ROLE_LABELS[r.role];
}
