// Country reports: create (with a generated draft), read with footnotes and warnings, edit a
// section (with the record's version), regenerate (preview, then apply), clearance
// (drafted → reviewed → cleared; a cleared version is locked and the next edit starts a new
// content version), paragraph comments, version history with word diffs, and export.
// Post roles see their own country's report, reviewers their region's, editors and analysts all.
import { diffWords } from 'diff';
import { appendAudit, type Actor } from '../../db/audit.ts';
import type { Database, Executor } from '../../db/connection.ts';
import { reports } from '../../db/schema/index.ts';
import { updateVersioned } from '../../db/versioned.ts';
import { uncitedFigures } from '../../domain/citations.ts';
import { Conflict, Invalid, NotFound } from '../../domain/errors.ts';
import { incidentVisibility } from '../../domain/incidentWorkflow.ts';
import { assertCan, type Principal } from '../../domain/policy.ts';
import { draftSections } from './draft.ts';
import { structureFor } from './structure.ts';
import { reportsToDocx, reportsToHtml, reportsToPdf } from './exporters.ts';
import { compilationMap, countryFigures, type ReportFigure } from './figures.ts';
import * as q from './queries.ts';
import {
  citationsIn,
  citedIncidentsOf,
  renderReport,
  type Audience,
  type CitationIndex,
  type RenderedReport,
} from './render.ts';

type Change = 'added' | 'removed' | 'same';

function wordDiff(from: string, to: string): { text: string; change: Change }[] {
  return diffWords(from, to).map((p) => ({
    text: p.value,
    change: p.added ? 'added' : p.removed ? 'removed' : 'same',
  }));
}

export interface Caller {
  principal: Principal;
  actor: Actor & { id: string };
}

/** Counts below this are never printed (DATA-STANDARDS.md, statistical honesty rule 5). */
export const SUPPRESSION_THRESHOLD = 5;

type Found = NonNullable<Awaited<ReturnType<typeof q.findReport>>>;

function canSee(principal: Principal, found: Found): boolean {
  const v = incidentVisibility(principal);
  if (v.everywhere) return true;
  if (found.report.postId !== null && v.postIds.includes(found.report.postId)) return true;
  return v.regionIds.includes(found.regionId);
}

async function visibleReport(db: Executor, principal: Principal, id: string): Promise<Found> {
  const found = await q.findReport(db, id);
  if (!found || !canSee(principal, found)) throw new NotFound(`report ${id} does not exist`);
  return found;
}

const scopeOf = (found: Found) => ({ postId: found.report.postId, regionId: found.regionId });

export async function createReport(
  db: Database,
  caller: Caller,
  input: { countryCode: string; year: number },
) {
  const country = await q.countryWithPost(db, input.countryCode);
  if (!country) throw Invalid.field('countryCode', `no country with the code ${input.countryCode}`);
  assertCan(caller.principal, 'report.create', {
    postId: country.postId,
    regionId: country.regionId,
  });
  if (await q.findReportFor(db, country.code, input.year))
    throw new Conflict(`a ${input.year} report for ${country.name} already exists`);
  const incidents = await q.verifiedIncidents(db, country.code, input.year);
  const sections = draftSections(await structureFor(db, input.year), {
    countryName: country.name,
    year: input.year,
    incidents,
    suppressionThreshold: SUPPRESSION_THRESHOLD,
    ...(await otherRecords(db, country.code, input.year)),
  });
  // The annual human-rights directive's tasking for the post, when one was issued.
  const taskingId = (await q.annualTasking(db, country.postId, input.year)) ?? null;
  const report = await db.transaction(async (tx) => {
    const created = await q.insertReport(
      tx,
      {
        countryCode: country.code,
        year: input.year,
        postId: country.postId,
        taskingId,
        createdBy: caller.actor.id,
        generatedAt: new Date(),
      },
      sections.map((s, position) => ({ ...s, position })),
    );
    await q.insertVersion(tx, {
      reportId: created.id,
      contentVersion: 1,
      status: 'drafted',
      sections: sections.map(({ number, title, body }) => ({ number, title, body })),
      note: `generated from ${incidents.length} verified incidents`,
      createdBy: caller.actor.id,
    });
    await appendAudit(tx, caller.actor, {
      action: 'report.created',
      entityType: 'report',
      entityId: created.id,
      changes: { countryCode: country.code, year: input.year, verifiedIncidents: incidents.length },
    });
    return created;
  });
  return getReport(db, caller.principal, report.id);
}

export async function listReports(
  db: Executor,
  principal: Principal,
  filter: { year?: number | undefined; regionId?: number | undefined; status?: string | undefined },
) {
  const v = incidentVisibility(principal);
  const items = await q.listReports(db, {
    ...filter,
    ...(v.everywhere ? {} : { postIds: v.postIds, regionIds: v.regionIds }),
  });
  return { items };
}

/** Engagements, official statistics and reviewed assessments of the country and year. */
async function otherRecords(db: Executor, countryCode: string, year: number) {
  const [engagements, statistics, assessments] = await Promise.all([
    q.engagementsIn(db, countryCode, year),
    q.observationsIn(db, countryCode, year),
    q.assessmentsFor(db, { countryCode, year }),
  ]);
  return { engagements, statistics, assessments };
}

async function citationIndex(db: Executor, texts: string[]): Promise<CitationIndex> {
  const cited = citationsIn(texts);
  const [incidents, sources, engagements, observations, assessments] = await Promise.all([
    q.citedIncidents(db, cited.incident),
    q.citedSources(db, cited.source),
    q.engagementsById(db, cited.engagement),
    q.observationsById(
      db,
      cited.observation.filter((id) => /^\d+$/.test(id)),
    ),
    q.assessmentsFor(db, { ids: cited.assessment }),
  ]);
  return {
    incidents: new Map(incidents.map((i) => [i.id, i])),
    sources: new Map(sources.map((s) => [s.id, s])),
    engagements: new Map(engagements.map((e) => [e.id, e])),
    observations: new Map(observations.map((o) => [o.id, o])),
    assessments: new Map(assessments.map((a) => [a.id, a])),
  };
}

export async function getReport(db: Executor, principal: Principal, id: string) {
  const found = await visibleReport(db, principal, id);
  const sections = await q.sectionsOf(db, id);
  const index = await citationIndex(
    db,
    sections.map((s) => s.body),
  );
  const rendered = renderReport(meta(found), sections, index, 'internal');
  return {
    ...found.report,
    countryName: found.countryName,
    locked: found.report.status === 'cleared',
    synthetic: rendered.synthetic,
    sections: sections.map((s) => ({
      id: s.id,
      number: s.number,
      title: s.title,
      body: s.body,
      generated: s.generated,
      warnings: uncitedFigures(s.body),
    })),
    footnotes: rendered.footnotes,
  };
}

function meta(found: Found) {
  return {
    title: `${found.countryName} ${found.report.year}: migration-related human-rights reporting`,
    subtitle: `Country Reports on Human Rights Practices — draft content version ${found.report.contentVersion} (${found.report.status})`,
  };
}

async function snapshot(
  tx: Executor,
  reportId: string,
  contentVersion: number,
  status: q.ReportRecord['status'],
  note: string,
  by: string,
) {
  const sections = await q.sectionsOf(tx, reportId);
  await q.insertVersion(tx, {
    reportId,
    contentVersion,
    status,
    sections: sections.map(({ number, title, body }) => ({ number, title, body })),
    note,
    createdBy: by,
  });
}

export async function updateSection(
  db: Database,
  caller: Caller,
  id: string,
  sectionId: string,
  input: { version: number; body: string },
) {
  const found = await visibleReport(db, caller.principal, id);
  assertCan(caller.principal, 'report.write', scopeOf(found));
  await db.transaction(async (tx) => {
    const sections = await q.sectionsOf(tx, id);
    const section = sections.find((s) => s.id === sectionId);
    if (!section) throw new NotFound(`report ${id} has no section ${sectionId}`);
    const { before, after } = await updateVersioned(
      tx,
      { table: reports, idColumn: reports.id, id, label: 'report' },
      input.version,
      { ...q.REOPEN, updatedAt: new Date() },
    );
    const wasCleared = before.status === 'cleared';
    await q.setSectionBody(tx, sectionId, input.body);
    await appendAudit(tx, caller.actor, {
      action: 'report.section_edited',
      entityType: 'report',
      entityId: id,
      changes: {
        section: section.number,
        body: { from: section.body, to: input.body },
        ...(before.status !== after.status
          ? { status: { from: before.status, to: after.status } }
          : {}),
        ...(wasCleared
          ? { contentVersion: { from: before.contentVersion, to: after.contentVersion } }
          : {}),
      },
    });
  });
  return getReport(db, caller.principal, id);
}

const TRANSITIONS = {
  review: { from: 'drafted', to: 'reviewed', permission: 'report.review' },
  clear: { from: 'reviewed', to: 'cleared', permission: 'report.clear' },
  return: { from: 'reviewed', to: 'drafted', permission: 'report.review' },
} as const;

export type ReportAction = keyof typeof TRANSITIONS;

export async function transition(
  db: Database,
  caller: Caller,
  id: string,
  action: ReportAction,
  input: { version: number; note?: string | undefined },
) {
  const found = await visibleReport(db, caller.principal, id);
  const rule = TRANSITIONS[action];
  assertCan(caller.principal, rule.permission, scopeOf(found));
  if (found.report.status !== rule.from)
    throw new Conflict(
      `a report that is ${found.report.status} cannot be ${action === 'clear' ? 'cleared' : action === 'review' ? 'marked reviewed' : 'returned'}; it must be ${rule.from}`,
    );
  await db.transaction(async (tx) => {
    const { after } = await updateVersioned(
      tx,
      { table: reports, idColumn: reports.id, id, label: 'report' },
      input.version,
      {
        status: rule.to,
        ...(rule.to === 'cleared' ? { clearedVersion: found.report.contentVersion } : {}),
        updatedAt: new Date(),
      },
    );
    await snapshot(tx, id, after.contentVersion, rule.to, input.note ?? action, caller.actor.id);
    await appendAudit(tx, caller.actor, {
      action: `report.${action === 'clear' ? 'cleared' : action === 'review' ? 'reviewed' : 'returned'}`,
      entityType: 'report',
      entityId: id,
      changes: {
        status: { from: rule.from, to: rule.to },
        contentVersion: after.contentVersion,
        ...(input.note ? { note: input.note } : {}),
      },
    });
  });
  return getReport(db, caller.principal, id);
}

/** What regenerating from today's verified records would change, section by section. */
export async function regeneratePreview(db: Executor, principal: Principal, id: string) {
  return previewOf(db, await visibleReport(db, principal, id));
}

async function previewOf(db: Executor, found: Found) {
  const id = found.report.id;
  const sections = await q.sectionsOf(db, id);
  const incidents = await q.verifiedIncidents(db, found.report.countryCode, found.report.year);
  const fresh = draftSections(await structureFor(db, found.report.year), {
    countryName: found.countryName,
    year: found.report.year,
    incidents,
    suppressionThreshold: SUPPRESSION_THRESHOLD,
    ...(await otherRecords(db, found.report.countryCode, found.report.year)),
  });
  const changes = sections
    .filter((s) => s.generated)
    .map((s) => {
      const proposed = fresh.find((f) => f.number === s.number)?.body ?? s.body;
      return {
        sectionId: s.id,
        number: s.number,
        title: s.title,
        current: s.body,
        proposed,
        changed: proposed !== s.body,
        diff: wordDiff(s.body, proposed),
      };
    });
  return { version: found.report.version, verifiedIncidents: incidents.length, changes };
}

export async function regenerateApply(db: Database, caller: Caller, id: string, version: number) {
  const found = await visibleReport(db, caller.principal, id);
  assertCan(caller.principal, 'report.write', scopeOf(found));
  const preview = await previewOf(db, found);
  await db.transaction(async (tx) => {
    const { before, after } = await updateVersioned(
      tx,
      { table: reports, idColumn: reports.id, id, label: 'report' },
      version,
      { ...q.REOPEN, generatedAt: new Date(), updatedAt: new Date() },
    );
    const changed = preview.changes.filter((c) => c.changed);
    for (const c of changed) await q.setSectionBody(tx, c.sectionId, c.proposed);
    await snapshot(tx, id, after.contentVersion, 'drafted', 'regenerated', caller.actor.id);
    await appendAudit(tx, caller.actor, {
      action: 'report.regenerated',
      entityType: 'report',
      entityId: id,
      changes: {
        sections: changed.map((c) => c.number),
        verifiedIncidents: preview.verifiedIncidents,
        ...(before.status !== after.status
          ? { status: { from: before.status, to: after.status } }
          : {}),
      },
    });
  });
  return getReport(db, caller.principal, id);
}

export async function versions(db: Executor, principal: Principal, id: string) {
  await visibleReport(db, principal, id);
  const list = await q.versionsOf(db, id);
  return {
    items: list.map((v, i) => {
      const older = list[i + 1];
      return {
        id: v.id,
        contentVersion: v.contentVersion,
        status: v.status,
        note: v.note,
        createdAt: v.createdAt.toISOString(),
        createdBy: v.createdBy,
        // Word diff against the snapshot before it, per section that changed.
        changes: older
          ? v.sections
              .map((s) => {
                const prev = older.sections.find((o) => o.number === s.number)?.body ?? '';
                return prev === s.body
                  ? null
                  : {
                      number: s.number,
                      diff: wordDiff(prev, s.body),
                    };
              })
              .filter((c) => c !== null)
          : [],
      };
    }),
  };
}

export async function addComment(
  db: Database,
  caller: Caller,
  id: string,
  input: { sectionId: string; paragraph: number; body: string },
) {
  const found = await visibleReport(db, caller.principal, id);
  assertCan(caller.principal, 'report.comment', scopeOf(found));
  const sections = await q.sectionsOf(db, id);
  if (!sections.some((s) => s.id === input.sectionId))
    throw Invalid.field('sectionId', 'is not a section of this report');
  return db.transaction(async (tx) => {
    const row = await q.addComment(tx, {
      entityId: `${id}/${input.sectionId}/${input.paragraph}`,
      authorId: caller.actor.id,
      body: input.body,
    });
    await appendAudit(tx, caller.actor, {
      action: 'report.commented',
      entityType: 'report',
      entityId: id,
      changes: { sectionId: input.sectionId, paragraph: input.paragraph, body: input.body },
    });
    return { id: row.id };
  });
}

export async function comments(db: Executor, principal: Principal, id: string) {
  await visibleReport(db, principal, id);
  const rows = await q.commentsOf(db, id);
  return {
    items: rows.map((r) => {
      const [, sectionId, paragraph] = r.entityId.split('/');
      return {
        id: r.id,
        sectionId: sectionId!,
        paragraph: Number(paragraph),
        body: r.body,
        author: r.author,
        createdAt: r.createdAt.toISOString(),
      };
    }),
  };
}

export type ExportFormat = 'html' | 'docx' | 'pdf';

/** A report as exported: its text for the audience, and figures of the incidents it cites. */
async function renderOne(db: Executor, found: Found, audience: Audience) {
  const sections = await q.sectionsOf(db, found.report.id);
  const index = await citationIndex(
    db,
    sections.map((s) => s.body),
  );
  const rendered = renderReport(meta(found), sections, index, audience);
  const cited = citedIncidentsOf(rendered, index);
  rendered.figures = countryFigures(
    found.countryName,
    found.report.year,
    cited,
    SUPPRESSION_THRESHOLD,
  );
  return { rendered, cited };
}

async function write(
  format: ExportFormat,
  rendered: RenderedReport[],
  title: string,
  figures: ReportFigure[] = [],
) {
  if (format === 'html')
    return {
      body: Buffer.from(reportsToHtml(rendered, title, figures)),
      type: 'text/html; charset=utf-8',
    };
  if (format === 'docx')
    return {
      body: await reportsToDocx(rendered, title, figures),
      type: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    };
  return { body: await reportsToPdf(rendered, title, figures), type: 'application/pdf' };
}

export async function exportReport(
  db: Database,
  caller: Caller,
  id: string,
  format: ExportFormat,
  audience: Audience,
) {
  const found = await visibleReport(db, caller.principal, id);
  assertCan(caller.principal, 'report.export', scopeOf(found));
  const { rendered } = await renderOne(db, found, audience);
  const file = await write(format, [rendered], rendered.title);
  await db.transaction((tx) =>
    appendAudit(tx, caller.actor, {
      action: 'report.exported',
      entityType: 'report',
      entityId: id,
      changes: {
        format,
        audience,
        contentVersion: found.report.contentVersion,
        status: found.report.status,
      },
    }),
  );
  const name = `report-${found.report.countryCode}-${found.report.year}-v${found.report.contentVersion}.${format}`;
  return { ...file, name, synthetic: rendered.synthetic };
}

/** A regional or global compilation: every visible report of the year, by country name. */
export async function exportCompilation(
  db: Database,
  caller: Caller,
  input: { year: number; regionId?: number | undefined; format: ExportFormat; audience: Audience },
) {
  const { items } = await listReports(db, caller.principal, {
    year: input.year,
    regionId: input.regionId,
  });
  if (items.length === 0) throw new NotFound(`there are no ${input.year} reports to compile`);
  const rendered: RenderedReport[] = [];
  const mapped: Parameters<typeof compilationMap>[2] = [];
  for (const item of items) {
    const found = (await q.findReport(db, item.id))!;
    assertCan(caller.principal, 'report.export', scopeOf(found));
    const one = await renderOne(db, found, input.audience);
    rendered.push(one.rendered);
    mapped.push({ name: found.countryName, numeric: found.countryNumeric, incidents: one.cited });
  }
  const scope = input.regionId ? items[0]!.regionName : 'all regions';
  const title = `Migration-related human-rights reporting ${input.year}: ${scope}`;
  const map = compilationMap(
    scope,
    input.year,
    mapped,
    SUPPRESSION_THRESHOLD,
    input.regionId ? new Set(await q.regionNumerics(db, input.regionId)) : undefined,
  );
  const file = await write(input.format, rendered, title, map ? [map] : []);
  await db.transaction((tx) =>
    appendAudit(tx, caller.actor, {
      action: 'report.compilation_exported',
      entityType: 'report',
      entityId: null,
      changes: {
        year: input.year,
        regionId: input.regionId ?? null,
        format: input.format,
        audience: input.audience,
        reports: items.length,
      },
    }),
  );
  return {
    ...file,
    name: `reports-${input.year}-${input.regionId ? `region-${input.regionId}` : 'global'}.${input.format}`,
    synthetic: rendered.some((r) => r.synthetic),
  };
}

export async function searchCitable(db: Executor, principal: Principal, id: string, text: string) {
  const found = await visibleReport(db, principal, id);
  return { items: await q.searchCitable(db, found.report.countryCode, text) };
}
