// What the signed-in user may do with an incident, mirroring the server's rules
// (src/domain/incidentWorkflow.ts, docs/incidents.md) so that only usable buttons are shown.
// The server decides; when it refuses anyway, the page shows its reason.
import type { Me } from '../../api.ts';
import type { HistoryEntry, Incident } from '../../incidentsApi.ts';

const CONTENT_ACTIONS = new Set([
  'incident.created',
  'incident.updated',
  'incident.source_linked',
  'incident.source_unlinked',
]);

const holds = (me: Me, role: string, test: (r: Me['roles'][number]) => boolean) =>
  me.roles.some((r) => r.role === role && test(r));

export interface Allowed {
  edit: boolean;
  submit: boolean;
  review: boolean;
  comment: boolean;
}

export function allowed(
  me: Me,
  incident: Incident,
  history: HistoryEntry[],
  postRegionId: number | null,
): Allowed {
  const withPost = incident.status === 'draft' || incident.status === 'returned';
  const editor = holds(me, 'editor', () => true);
  const postRole = (role: string) => holds(me, role, (r) => r.postId === incident.postId);
  const authors = new Set([
    incident.createdBy,
    incident.updatedBy,
    ...history.filter((h) => CONTENT_ACTIONS.has(h.action)).map((h) => h.actorId),
  ]);
  const reviewer =
    editor || holds(me, 'reviewer', (r) => postRegionId !== null && r.regionId === postRegionId);
  return {
    edit:
      incident.status !== 'merged' &&
      (editor || (withPost && (postRole('reporter') || postRole('approver')))),
    submit: withPost && postRole('approver') && incident.sources.length > 0,
    review: incident.status === 'submitted' && reviewer && !authors.has(me.id),
    comment: me.permissions.includes('incident.comment'),
  };
}
