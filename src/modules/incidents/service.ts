// Incident records: create a draft, read one, edit it with a field-level diff in the audit
// log, and list what the caller may see. Who may see what is decided once, in
// domain/incidentWorkflow.ts; a record the caller may not see is "not found", never
// "forbidden", so that another post's drafts do not even leak their existence.
import { appendAudit, type Actor } from '../../db/audit.ts';
import type { Database, Executor, Tx } from '../../db/connection.ts';
import { incidents } from '../../db/schema/index.ts';
import { updateVersioned } from '../../db/versioned.ts';
import { Conflict, Invalid, NotFound, type FieldError } from '../../domain/errors.ts';
import {
  assertFacts,
  canSeeIncident,
  editableBy,
  incidentVisibility,
  locationWarnings,
} from '../../domain/incidentWorkflow.ts';
import { assertCan, type Principal } from '../../domain/policy.ts';
import * as q from './queries.ts';
import type {
  CreateIncidentInput,
  PerpetratorInput,
  UpdateIncidentInput,
  VictimGroupInput,
} from './schemas.ts';

export interface Caller {
  principal: Principal;
  actor: Actor & { id: string };
}

/** The record if the caller may see it; otherwise 404, whether it exists or not. */
export async function visibleIncident(db: Executor, principal: Principal, id: string) {
  const found = assertVisible(principal, id, await q.findIncident(db, id));
  return {
    record: found.incident,
    scope: { postId: found.incident.postId, regionId: found.regionId },
  };
}

export async function incidentView(db: Executor, record: q.IncidentRecord) {
  const { details, country } = await q.loadDetailsAndCountry(db, record.id);
  return viewOf(
    record,
    details ?? { acts: [], victims: [], perpetrators: [], sources: [] },
    country,
  );
}

function viewOf(
  record: q.IncidentRecord,
  details: q.IncidentDetails,
  country: Parameters<typeof locationWarnings>[1] | undefined,
) {
  return {
    ...withoutInternals(record),
    ...details,
    warnings: country ? locationWarnings(record, country) : [],
  };
}

/** A version check for actions that change a record without editing its fields. */
export function assertVersion(record: q.IncidentRecord, version: number): void {
  if (record.version !== version) {
    throw new Conflict(
      `Incident ${record.reference} was changed since you opened it (you saw version ${version}, it is now ` +
        `version ${record.version}). Reload it and try again.`,
      withoutInternals(record),
    );
  }
}

/** The record as clients see it: without the search vector's inputs kept for the database. */
export function withoutInternals<T extends { evidenceText: string }>(
  record: T,
): Omit<T, 'evidenceText'> {
  const { evidenceText: _evidenceText, ...rest } = record;
  void _evidenceText;
  return rest;
}

/** Victim nationality and perpetrator attributes exist only as a linked source states them. */
export function citationErrors(
  linked: Set<string>,
  victims: VictimGroupInput[] | undefined,
  perpetrators: PerpetratorInput[] | undefined,
): FieldError[] {
  const errors: FieldError[] = [];
  victims?.forEach((v, i) => {
    if (v.nationality && !v.nationalitySourceId)
      errors.push({
        field: `victims.${i}.nationalitySourceId`,
        message: 'a nationality must cite the source that states it',
      });
    if (v.nationalitySourceId && !linked.has(v.nationalitySourceId))
      errors.push({
        field: `victims.${i}.nationalitySourceId`,
        message: 'the cited source is not linked to this incident',
      });
  });
  perpetrators?.forEach((p, i) =>
    p.attributes?.forEach((a, j) => {
      if (!linked.has(a.sourceId))
        errors.push({
          field: `perpetrators.${i}.attributes.${j}.sourceId`,
          message: 'the cited source is not linked to this incident',
        });
    }),
  );
  return errors;
}

async function countryOf(db: Executor, code: string) {
  const country = await q.findCountry(db, code);
  if (!country) throw Invalid.field('countryCode', `unknown country ${code}`);
  return country;
}

export async function replaceChildren(
  tx: Tx,
  id: string,
  input: Pick<UpdateIncidentInput, 'acts' | 'victims' | 'perpetrators'>,
) {
  if (input.acts) await q.replaceActs(tx, id, input.acts);
  if (input.victims) await q.replaceVictims(tx, id, input.victims);
  if (input.perpetrators) await q.replacePerpetrators(tx, id, input.perpetrators);
}

export async function createIncident(db: Database, caller: Caller, input: CreateIncidentInput) {
  return db.transaction(async (tx) => {
    const post = await q.postWithRegion(tx, input.postId);
    if (!post) throw Invalid.field('postId', `post ${input.postId} does not exist`);
    assertCan(caller.principal, 'incident.write', post);
    // The post's country comes with the post; only another country named in the input is looked up.
    const countryCode = input.countryCode ?? post.countryCode;
    const country =
      countryCode === post.countryCode ? post.country : await countryOf(tx, countryCode);
    const occurredEnd = input.occurredEnd ?? input.occurredStart;
    assertFacts({ ...input, occurredEnd }, new Date());
    const links = input.sources ?? [];
    const known = await q.existingSourceIds(
      tx,
      links.map((l) => l.sourceId),
    );
    const errors: FieldError[] = links.flatMap((l, i) =>
      known.has(l.sourceId)
        ? []
        : [{ field: `sources.${i}.sourceId`, message: `source ${l.sourceId} does not exist` }],
    );
    errors.push(...citationErrors(known, input.victims, input.perpetrators));
    if (errors.length) throw new Invalid(errors);

    const { sources: _links, acts, victims, perpetrators, ...fields } = input;
    void _links;
    const record = await q.insertIncident(tx, {
      ...fields,
      countryCode,
      occurredEnd,
      synthetic: input.synthetic ?? false,
      createdBy: caller.actor.id,
      updatedBy: caller.actor.id,
    });
    for (const l of links)
      await q.upsertSourceLink(tx, {
        incidentId: record.id,
        sourceId: l.sourceId,
        credibility: l.credibility,
        excerpt: l.excerpt ?? null,
      });
    await replaceChildren(tx, record.id, { acts, victims, perpetrators });
    if (links.length) await q.refreshEvidenceText(tx, record.id);
    // A record created without acts, victims, perpetrators or sources has none to read back.
    const details =
      links.length || acts?.length || victims?.length || perpetrators?.length
        ? await q.loadDetails(tx, record.id)
        : { acts: [], victims: [], perpetrators: [], sources: [] };
    const view = viewOf(record, details, country);
    // Last before the commit: the audit head stays locked (every writer waits) until then.
    await appendAudit(tx, caller.actor, {
      action: 'incident.created',
      entityType: 'incident',
      entityId: record.id,
      changes: { reference: record.reference, ...input, countryCode, occurredEnd },
    });
    return view;
  });
}

function assertVisible<T extends { incident: q.IncidentRecord; regionId: number }>(
  principal: Principal,
  id: string,
  found: T | undefined,
): T {
  if (
    !found ||
    !canSeeIncident(incidentVisibility(principal), { ...found.incident, regionId: found.regionId })
  ) {
    throw new NotFound(`incident ${id} does not exist`);
  }
  return found;
}

/** One incident as shown: the record and all it is shown with are read in one query. */
export async function getIncident(db: Database, principal: Principal, id: string) {
  const found = assertVisible(principal, id, await q.findIncidentWithDetails(db, id));
  return viewOf(found.incident, found.details, found.country);
}

export async function updateIncident(
  db: Database,
  caller: Caller,
  id: string,
  input: UpdateIncidentInput,
) {
  return db.transaction(async (tx) => {
    await q.lockIncident(tx, id);
    const { record, scope } = await visibleIncident(tx, caller.principal, id);
    assertCan(caller.principal, 'incident.write', scope);
    const asEditor = caller.principal.roles.some((r) => r.role === 'editor');
    if (!editableBy(record.status, asEditor))
      throw new Conflict(
        `Incident ${record.reference} is ${record.status}; it can no longer be edited by its post.`,
      );
    const { version, acts, victims, perpetrators, ...patch } = input;
    assertVersion(record, version);
    if (patch.countryCode) await countryOf(tx, patch.countryCode);
    assertFacts(
      {
        ...patch,
        occurredStart:
          patch.occurredStart ?? (patch.occurredEnd ? record.occurredStart : undefined),
        occurredEnd: patch.occurredEnd ?? (patch.occurredStart ? record.occurredEnd : undefined),
      },
      new Date(),
    );
    const citations = citationErrors(await q.linkedSourceIds(tx, id), victims, perpetrators);
    if (citations.length) throw new Invalid(citations);

    const before = acts || victims || perpetrators ? await q.loadDetails(tx, id) : undefined;
    const result = await updateVersioned(
      tx,
      { table: incidents, idColumn: incidents.id, id, label: 'Incident' },
      version,
      { ...patch, updatedBy: caller.actor.id },
    );
    await replaceChildren(tx, id, { acts, victims, perpetrators });
    // Under the lock the version was checked above, so this update cannot conflict.
    const changes: Record<string, unknown> = { ...result.changes };
    delete changes.search;
    delete changes.evidenceText;
    delete changes.updatedBy;
    if (before) {
      const after = await q.loadDetails(tx, id);
      for (const key of ['acts', 'victims', 'perpetrators'] as const) {
        if (input[key] && JSON.stringify(before[key]) !== JSON.stringify(after[key]))
          changes[key] = { from: before[key], to: after[key] };
      }
    }
    await appendAudit(tx, caller.actor, {
      action: 'incident.updated',
      entityType: 'incident',
      entityId: id,
      changes,
    });
    const { search: _search, ...updated } = result.after;
    void _search;
    return incidentView(tx, updated);
  });
}
