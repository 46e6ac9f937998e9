// Who may do what, in one place. Every route names a permission; services call `assertCan`
// with the post or region of the record at hand for object-level checks. Roles and scopes
// follow DESIGN.md: post roles (reporter, approver) act for their posts, reviewers for the
// posts of their region, editors and analysts everywhere, admins on the system itself.
import type { ROLES } from '../db/schema/identity.ts';
import { Forbidden } from './errors.ts';

export type Role = (typeof ROLES)[number];

export interface RoleAssignment {
  role: Role;
  postId: number | null;
  regionId: number | null;
  /** Names for display, when the assignment was loaded with them. */
  postName?: string | null;
  regionName?: string | null;
}

export interface Principal {
  userId: string;
  username: string;
  displayName: string;
  roles: RoleAssignment[];
  /** 'session' for the browser, 'token' for an API token (limited to its scopes). */
  via: 'session' | 'token' | 'system';
  tokenScopes?: readonly ('read' | 'write')[];
  /** A temporary password (first sign-in, admin reset): nothing but changing it is allowed. */
  mustChangePassword?: boolean;
  email?: string | null;
}

export interface Scope {
  postId?: number | null;
  regionId?: number | null;
}

const ALL_ROLES: readonly Role[] = [
  'reporter',
  'approver',
  'reviewer',
  'editor',
  'analyst',
  'partner',
  'admin',
];

/**
 * The permission table. `public` needs no sign-in; `authenticated` any signed-in user.
 * `write` marks permissions an API token needs the write scope for.
 */
export const PERMISSIONS = {
  public: { roles: [] as readonly Role[], write: false },
  authenticated: { roles: ALL_ROLES, write: false },
  'self.manage': { roles: ALL_ROLES, write: true },
  'reference.read': { roles: ALL_ROLES, write: false },
  'users.read': { roles: ['admin'], write: false },
  'users.manage': { roles: ['admin'], write: true },
  'posts.manage': { roles: ['admin'], write: true },
  'audit.verify': { roles: ['admin'], write: false },
  // Incidents: post roles for their post, reviewers for their region, editors and analysts
  // everywhere. Object-level checks (which post, which region) happen in the services.
  'incident.read': {
    roles: ['reporter', 'approver', 'reviewer', 'editor', 'analyst'],
    write: false,
  },
  'incident.write': { roles: ['reporter', 'approver', 'editor'], write: true },
  'incident.comment': { roles: ['reporter', 'approver', 'reviewer', 'editor'], write: true },
  'incident.submit': { roles: ['approver'], write: true },
  'incident.review': { roles: ['reviewer', 'editor'], write: true },
  // Merging duplicates is a review act: reviewers for their region, editors anywhere.
  'incident.merge': { roles: ['reviewer', 'editor'], write: true },
  'source.read': { roles: ['reporter', 'approver', 'reviewer', 'editor', 'analyst'], write: false },
  'source.write': { roles: ['reporter', 'approver', 'editor'], write: true },
  // Bulk import writes hundreds of records for any post at once: editors only.
  'incident.import': { roles: ['editor'], write: true },
  // Official statistics are published figures: everyone signed in reads them; editors and
  // analysts import tables (datasets carry their publisher's caveats into every figure).
  'stats.read': { roles: ALL_ROLES, write: false },
  'stats.import': { roles: ['editor', 'analyst'], write: true },
  // The dashboard's aggregate figures: headquarters roles that analyse across posts.
  'analytics.read': { roles: ['reviewer', 'editor', 'analyst'], write: false },
  // Text ingestion: the post roles that write incidents read texts in for their post; reviewers
  // and analysts may look at what was read in and proposed.
  'ingest.read': { roles: ['reporter', 'approver', 'reviewer', 'editor', 'analyst'], write: false },
  'ingest.write': { roles: ['reporter', 'approver', 'editor'], write: true },
  // Country reports: the post drafts its country's report, the region reviews, editors clear.
  'report.read': { roles: ['reporter', 'approver', 'reviewer', 'editor', 'analyst'], write: false },
  'report.create': { roles: ['approver', 'editor'], write: true },
  'report.write': { roles: ['reporter', 'approver', 'editor'], write: true },
  'report.comment': { roles: ['reporter', 'approver', 'reviewer', 'editor'], write: true },
  'report.review': { roles: ['reviewer', 'editor'], write: true },
  'report.clear': { roles: ['editor'], write: true },
  'report.structure': { roles: ['editor'], write: true },
  'report.export': { roles: ['approver', 'reviewer', 'editor', 'analyst'], write: false },
  // Directives are headquarters' (editors write; reviewers and analysts read); taskings are
  // the posts' (object-level: their post), approvers submit, editors accept or return.
  'directive.read': { roles: ['reviewer', 'editor', 'analyst'], write: false },
  'directive.write': { roles: ['editor'], write: true },
  'tasking.read': {
    roles: ['reporter', 'approver', 'reviewer', 'editor', 'analyst'],
    write: false,
  },
  'tasking.write': { roles: ['reporter', 'approver'], write: true },
  'tasking.submit': { roles: ['approver'], write: true },
  'tasking.review': { roles: ['editor'], write: true },
  // Engagements and assessments: like incidents (post roles for their post, reviewers their
  // region, editors and analysts everywhere); frameworks are the editors'.
  'engagement.read': {
    roles: ['reporter', 'approver', 'reviewer', 'editor', 'analyst'],
    write: false,
  },
  'engagement.write': { roles: ['reporter', 'approver', 'editor'], write: true },
  'assessment.read': {
    roles: ['reporter', 'approver', 'reviewer', 'editor', 'analyst'],
    write: false,
  },
  'assessment.write': { roles: ['reporter', 'approver', 'editor'], write: true },
  'assessment.submit': { roles: ['approver'], write: true },
  'assessment.review': { roles: ['reviewer', 'editor'], write: true },
  'framework.manage': { roles: ['editor'], write: true },
  // Partner organisations and their members (editors and admins); sharing (editors); what a
  // partner user may read (only what was shared with their organisation).
  'partner.manage': { roles: ['editor', 'admin'], write: true },
  'partner.share': { roles: ['editor'], write: true },
  'shared.read': { roles: ['partner'], write: false },
  // Justice outcomes and the sentencing comparison: like engagements (post roles for their
  // post, reviewers their region, editors and analysts everywhere).
  'justice.read': {
    roles: ['reporter', 'approver', 'reviewer', 'editor', 'analyst'],
    write: false,
  },
  'justice.write': { roles: ['reporter', 'approver', 'editor'], write: true },
  // Attachments by their own id; who sees one follows its owner record (checked in the service).
  'attachment.read': {
    roles: ['reporter', 'approver', 'reviewer', 'editor', 'analyst'],
    write: false,
  },
  'attachment.write': { roles: ['reporter', 'approver', 'editor'], write: true },
  // Protected victim details: the route needs one of these roles, the service an explicit
  // grant for the record's post (protected_detail_grants, managed by admins).
  'protected.read': {
    roles: ['reporter', 'approver', 'reviewer', 'editor', 'analyst'],
    write: false,
  },
  'protected.write': { roles: ['reporter', 'approver', 'reviewer', 'editor'], write: true },
} as const satisfies Record<string, { roles: readonly Role[]; write: boolean }>;

export type Permission = keyof typeof PERMISSIONS;

function covers(a: RoleAssignment, scope: Scope | undefined): boolean {
  if (!scope) return true;
  if (a.postId !== null) return scope.postId != null && a.postId === scope.postId;
  if (a.regionId !== null) return scope.regionId != null && a.regionId === scope.regionId;
  return true; // global role
}

export function can(
  principal: Principal | undefined,
  permission: Permission,
  scope?: Scope,
): boolean {
  const rule = PERMISSIONS[permission];
  if (permission === 'public') return true;
  if (!principal) return false;
  if (principal.via === 'token' && rule.write && !principal.tokenScopes?.includes('write'))
    return false;
  if (permission === 'authenticated') return true;
  return principal.roles.some(
    (a) => (rule.roles as readonly Role[]).includes(a.role) && covers(a, scope),
  );
}

export function assertCan(
  principal: Principal | undefined,
  permission: Permission,
  scope?: Scope,
): void {
  if (!can(principal, permission, scope)) {
    throw new Forbidden(
      `You do not have the "${permission}" permission${scope ? ' for this post or region' : ''}.`,
    );
  }
}

export function hasRole(principal: Principal, role: Role): boolean {
  return principal.roles.some((a) => a.role === role);
}
