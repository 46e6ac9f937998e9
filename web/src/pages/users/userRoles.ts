// Reads a user's role assignments in words, naming the post or region from the directory.
import type { User } from '../../api.ts';
import type { Directory } from '../../directory.ts';
import { describeRole } from '../../roles.ts';

export function describeUserRoles(user: User, directory: Directory): string[] {
  return user.roles.map((r) =>
    describeRole({
      role: r.role,
      postName: directory.postName(r.postId),
      regionName: directory.regionName(r.regionId),
    }),
  );
}
