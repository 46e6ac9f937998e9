// Which scope each role takes: post roles act for one post, reviewers for one region's posts,
// the others everywhere. Checked before any assignment is stored (the database checks again).
import type { FieldError } from './errors.ts';
import type { Role } from './policy.ts';

export interface RoleAssignmentInput {
  role: Role;
  postId?: number | null | undefined;
  regionId?: number | null | undefined;
}

export const POST_ROLES: readonly Role[] = ['reporter', 'approver'];
export const REGION_ROLES: readonly Role[] = ['reviewer'];

export function roleScopeErrors(roles: readonly RoleAssignmentInput[], path = 'roles'): FieldError[] {
  const errors: FieldError[] = [];
  const seen = new Set<string>();
  roles.forEach((r, i) => {
    const at = `${path}.${i}`;
    if (POST_ROLES.includes(r.role)) {
      if (r.postId == null) errors.push({ field: `${at}.postId`, message: `a ${r.role} acts for a post: choose one` });
      if (r.regionId != null) errors.push({ field: `${at}.regionId`, message: `a ${r.role} is scoped to a post, not a region` });
    } else if (REGION_ROLES.includes(r.role)) {
      if (r.regionId == null) errors.push({ field: `${at}.regionId`, message: `a ${r.role} acts for a region: choose one` });
      if (r.postId != null) errors.push({ field: `${at}.postId`, message: `a ${r.role} is scoped to a region, not a post` });
    } else if (r.postId != null || r.regionId != null) {
      errors.push({ field: at, message: `the ${r.role} role applies everywhere and takes no post or region` });
    }
    const key = `${r.role}:${r.postId ?? ''}:${r.regionId ?? ''}`;
    if (seen.has(key)) errors.push({ field: at, message: 'this role is listed twice' });
    seen.add(key);
  });
  return errors;
}
