// A role assignment as the form holds it (strings from the selects) and as the API takes it.
import type { Role, RoleAssignment, User } from '../../api.ts';
import { scopeOf } from '../../roles.ts';

export interface RoleDraft {
  role: Role | '';
  postId: string;
  regionId: string;
}

export const EMPTY_ROLE: RoleDraft = { role: '', postId: '', regionId: '' };

/** Only the scope the role takes is sent; the server rejects the rest (src/domain/roles.ts). */
export function toAssignments(drafts: RoleDraft[]): RoleAssignment[] {
  return drafts
    .filter((d): d is RoleDraft & { role: Role } => d.role !== '')
    .map((d) => {
      const scope = scopeOf(d.role);
      if (scope === 'post') return { role: d.role, postId: d.postId ? Number(d.postId) : null };
      if (scope === 'region')
        return { role: d.role, regionId: d.regionId ? Number(d.regionId) : null };
      return { role: d.role };
    });
}

export function fromUser(user: User): RoleDraft[] {
  return user.roles.map((r) => ({
    role: r.role,
    postId: r.postId == null ? '' : String(r.postId),
    regionId: r.regionId == null ? '' : String(r.regionId),
  }));
}
