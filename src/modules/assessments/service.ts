// Assessment frameworks and assessments. A framework's content lives in numbered versions:
// editing a version nobody has used yet changes it in place; editing one an assessment uses
// creates the next version, and existing assessments keep theirs. Assessments follow the
// incident workflow (draft → submitted → reviewed, or returned to the post) and the incident
// visibility rules; comparisons put a country's periods, or a region's countries, side by side.
import { appendAudit, type Actor } from '../../db/audit.ts';
import type { Database, Executor } from '../../db/connection.ts';
import {
  assessmentEditable,
  frameworkErrors,
  nextAssessmentStatus,
  normaliseScale,
  rankOf,
  ratingErrors,
  INSUFFICIENT,
  type AssessmentStatus,
} from '../../domain/assessments.ts';
import { Conflict, Forbidden, Invalid, NotFound, type FieldError } from '../../domain/errors.ts';
import { incidentVisibility } from '../../domain/incidentWorkflow.ts';
import { assertCan, hasRole, type Principal } from '../../domain/policy.ts';
import { MARKINGS } from '../../domain/vocabularies.ts';
import * as q from './queries.ts';
import type {
  CreateAssessmentInput,
  CreateFrameworkInput,
  ListAssessmentsQuery,
  RatingInputBody,
  UpdateAssessmentInput,
  UpdateFrameworkInput,
} from './schemas.ts';

export interface Caller {
  principal: Principal;
  actor: Actor & { id: string };
}

// Frameworks -------------------------------------------------------------------------------

function checkedContent(input: Pick<CreateFrameworkInput, 'guidance' | 'scale' | 'indicators'>) {
  const scale = normaliseScale(input.scale);
  const errors = frameworkErrors({
    guidance: input.guidance,
    scale: input.scale,
    indicators: input.indicators,
  });
  if (errors.length) throw new Invalid(errors);
  return { guidance: input.guidance, scale, indicators: input.indicators };
}

export async function frameworkView(db: Executor, id: string) {
  const framework = await q.findFramework(db, id);
  if (!framework) throw new NotFound(`assessment framework ${id} does not exist`);
  const versions = await q.versionsOf(db, id);
  const latest = await q.findVersion(db, versions[versions.length - 1]!.id);
  return { ...framework, latest: latest!, versions };
}

export async function createFramework(db: Database, caller: Caller, input: CreateFrameworkInput) {
  return db.transaction(async (tx) => {
    const content = checkedContent(input);
    if (await q.frameworkNameTaken(tx, input.name))
      throw Invalid.field('name', `a framework called "${input.name}" already exists`);
    const framework = await q.insertFramework(tx, { name: input.name, createdBy: caller.actor.id });
    await q.insertVersion(tx, {
      frameworkId: framework.id,
      number: 1,
      ...content,
      createdBy: caller.actor.id,
    });
    await appendAudit(tx, caller.actor, {
      action: 'framework.created',
      entityType: 'assessment_framework',
      entityId: framework.id,
      changes: { name: input.name, number: 1, ...content },
    });
    return frameworkView(tx, framework.id);
  });
}

export async function updateFramework(
  db: Database,
  caller: Caller,
  id: string,
  input: UpdateFrameworkInput,
) {
  return db.transaction(async (tx) => {
    await q.lockFramework(tx, id);
    const current = await frameworkView(tx, id);
    if (current.version !== input.version)
      throw new Conflict(
        `Framework "${current.name}" was changed since you opened it (you edited version ${input.version}, it is now ${current.version}). Reload it and reapply your change.`,
        current,
      );
    const content = checkedContent(input);
    if (input.name && (await q.frameworkNameTaken(tx, input.name, id)))
      throw Invalid.field('name', `a framework called "${input.name}" already exists`);
    const latest = current.latest;
    // A version an assessment was made against is frozen: the change becomes the next version.
    const newVersion = latest.usedBy > 0;
    if (newVersion)
      await q.insertVersion(tx, {
        frameworkId: id,
        number: latest.number + 1,
        ...content,
        createdBy: caller.actor.id,
      });
    else await q.updateVersionContent(tx, latest.id, content);
    await q.setFramework(tx, id, {
      name: input.name ?? current.name,
      version: current.version + 1,
    });
    await appendAudit(tx, caller.actor, {
      action: 'framework.updated',
      entityType: 'assessment_framework',
      entityId: id,
      changes: {
        number: newVersion ? latest.number + 1 : latest.number,
        newVersion,
        ...(input.name && input.name !== current.name
          ? { name: { from: current.name, to: input.name } }
          : {}),
        content,
      },
    });
    return frameworkView(tx, id);
  });
}

export async function getFramework(db: Database, id: string) {
  return frameworkView(db, id);
}

export async function getFrameworkVersion(db: Database, id: string) {
  const version = await q.findVersion(db, id);
  if (!version) throw new NotFound(`framework version ${id} does not exist`);
  return version;
}

export async function listFrameworks(db: Database) {
  return { items: await q.listFrameworks(db) };
}

// Assessments ------------------------------------------------------------------------------

function canSee(principal: Principal, record: q.AssessmentRecord, regionId: number) {
  const v = incidentVisibility(principal);
  if (v.postIds.includes(record.postId) || record.createdBy === v.userId) return true;
  if (record.status === 'draft') return false;
  return v.everywhere || v.regionIds.includes(regionId);
}

async function visibleAssessment(db: Executor, principal: Principal, id: string) {
  const found = await q.findAssessment(db, id);
  if (!found || !canSee(principal, found.assessment, found.regionId))
    throw new NotFound(`assessment ${id} does not exist`);
  return {
    record: found.assessment,
    scope: { postId: found.assessment.postId, regionId: found.regionId },
  };
}

async function assessmentView(db: Executor, record: q.AssessmentRecord) {
  const framework = (await q.findVersion(db, record.frameworkVersionId))!;
  const ratings = await q.loadRatings(db, record.id);
  const labels = await q.evidenceLabels(
    db,
    ratings.flatMap((r) => r.evidence),
  );
  return {
    ...record,
    frameworkName: framework.frameworkName,
    frameworkNumber: framework.number,
    framework,
    ratings: framework.indicators.map((ind) => {
      const r = ratings.find((x) => x.indicatorCode === ind.code);
      return {
        indicatorCode: ind.code,
        question: ind.question,
        rating: r?.rating ?? null,
        ratingLabel: r?.rating
          ? (framework.scale.find((l) => l.code === r.rating)?.label ?? r.rating)
          : null,
        narrative: r?.narrative ?? '',
        evidence: (r?.evidence ?? []).map((e) => ({
          ...e,
          label:
            labels.get(`${e.recordType}:${e.recordId}`) ??
            `${e.recordType} ${e.recordId} (no longer exists)`,
        })),
      };
    }),
  };
}

async function checkedRatings(
  db: Executor,
  framework: q.FrameworkVersion,
  ratings: RatingInputBody[],
) {
  const errors: FieldError[] = ratingErrors(
    framework,
    ratings.map((r) => ({
      indicatorCode: r.indicatorCode,
      rating: r.rating,
      evidenceCount: r.evidence.length,
    })),
  );
  const seen = new Set<string>();
  ratings.forEach((r, i) => {
    if (seen.has(r.indicatorCode))
      errors.push({
        field: `ratings.${i}.indicatorCode`,
        message: 'this indicator is rated twice',
      });
    seen.add(r.indicatorCode);
  });
  const labels = await q.evidenceLabels(
    db,
    ratings.flatMap((r) => r.evidence),
  );
  ratings.forEach((r, i) =>
    r.evidence.forEach((e, j) => {
      if (!labels.has(`${e.recordType}:${e.recordId}`))
        errors.push({
          field: `ratings.${i}.evidence.${j}.recordId`,
          message: `no ${e.recordType} ${e.recordId} exists`,
        });
    }),
  );
  if (errors.length) throw new Invalid(errors);
  return ratings.map((r) => ({
    indicatorCode: r.indicatorCode,
    rating: r.rating,
    narrative: r.narrative,
    evidence: r.evidence.map((e) => ({
      recordType: e.recordType,
      recordId: e.recordId,
      note: e.note ?? null,
    })),
  }));
}

function periodAndMarkingErrors(f: {
  periodStart?: string;
  periodEnd?: string;
  marking?: string | undefined;
}) {
  const errors: FieldError[] = [];
  if (f.periodStart && f.periodEnd && f.periodEnd < f.periodStart)
    errors.push({ field: 'periodEnd', message: 'the period ends before it starts' });
  if (f.marking !== undefined && !MARKINGS.some((m) => m.code === f.marking))
    errors.push({ field: 'marking', message: `unknown marking "${f.marking}"` });
  return errors;
}

export async function createAssessment(db: Database, caller: Caller, input: CreateAssessmentInput) {
  return db.transaction(async (tx) => {
    const post = await q.postWithRegion(tx, input.postId);
    if (!post) throw Invalid.field('postId', `post ${input.postId} does not exist`);
    assertCan(caller.principal, 'assessment.write', post);
    const countryCode = input.countryCode ?? post.countryCode;
    const errors = periodAndMarkingErrors(input);
    if (!(await q.countryExists(tx, countryCode)))
      errors.push({ field: 'countryCode', message: `unknown country ${countryCode}` });
    const framework = await q.findVersion(tx, input.frameworkVersionId);
    if (!framework)
      errors.push({
        field: 'frameworkVersionId',
        message: `framework version ${input.frameworkVersionId} does not exist`,
      });
    if (errors.length) throw new Invalid(errors);
    const ratings = await checkedRatings(tx, framework!, input.ratings);
    const { ratings: _r, ...fields } = input;
    void _r;
    const record = await q.insertAssessment(tx, {
      ...fields,
      countryCode,
      synthetic: input.synthetic ?? false,
      createdBy: caller.actor.id,
      updatedBy: caller.actor.id,
    });
    await q.replaceRatings(tx, record.id, ratings);
    await appendAudit(tx, caller.actor, {
      action: 'assessment.created',
      entityType: 'assessment',
      entityId: record.id,
      changes: { ...input, countryCode, frameworkNumber: framework!.number },
    });
    return assessmentView(tx, record);
  });
}

export async function getAssessment(db: Database, principal: Principal, id: string) {
  const { record } = await visibleAssessment(db, principal, id);
  return assessmentView(db, record);
}

function assertVersion(record: q.AssessmentRecord, version: number) {
  if (record.version !== version)
    throw new Conflict(
      `The assessment was changed since you opened it (you saw version ${version}, it is now version ${record.version}). Reload it and try again.`,
      record,
    );
}

export async function updateAssessment(
  db: Database,
  caller: Caller,
  id: string,
  input: UpdateAssessmentInput,
) {
  return db.transaction(async (tx) => {
    await q.lockAssessment(tx, id);
    const { record, scope } = await visibleAssessment(tx, caller.principal, id);
    assertCan(caller.principal, 'assessment.write', scope);
    if (!assessmentEditable(record.status, hasRole(caller.principal, 'editor')))
      throw new Conflict(`The assessment is ${record.status}; its post can no longer edit it.`);
    const { version, ratings, ...patch } = input;
    assertVersion(record, version);
    const errors = periodAndMarkingErrors({
      periodStart: patch.periodStart ?? record.periodStart,
      periodEnd: patch.periodEnd ?? record.periodEnd,
      marking: patch.marking,
    });
    if (errors.length) throw new Invalid(errors);
    const framework = (await q.findVersion(tx, record.frameworkVersionId))!;
    const checked = ratings ? await checkedRatings(tx, framework, ratings) : undefined;
    const before = checked ? await q.loadRatings(tx, id) : undefined;
    const updated = await q.setAssessment(tx, id, { ...patch, updatedBy: caller.actor.id });
    if (checked) await q.replaceRatings(tx, id, checked);
    const changes: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(patch))
      if ((record as Record<string, unknown>)[k] !== v)
        changes[k] = { from: (record as Record<string, unknown>)[k], to: v };
    if (checked && before)
      changes.ratings = checked.map((r) => ({
        indicatorCode: r.indicatorCode,
        from: before.find((b) => b.indicatorCode === r.indicatorCode)?.rating ?? null,
        to: r.rating,
      }));
    await appendAudit(tx, caller.actor, {
      action: 'assessment.updated',
      entityType: 'assessment',
      entityId: id,
      changes,
    });
    return assessmentView(tx, updated);
  });
}

export async function submitAssessment(db: Database, caller: Caller, id: string, version: number) {
  return db.transaction(async (tx) => {
    await q.lockAssessment(tx, id);
    const { record, scope } = await visibleAssessment(tx, caller.principal, id);
    assertCan(caller.principal, 'assessment.submit', scope);
    assertVersion(record, version);
    const status = nextAssessmentStatus(record.status as AssessmentStatus, 'submit');
    const updated = await q.setAssessment(tx, id, {
      status,
      submittedAt: new Date(),
      submittedBy: caller.actor.id,
    });
    await appendAudit(tx, caller.actor, {
      action: 'assessment.submitted',
      entityType: 'assessment',
      entityId: id,
      changes: { status: { from: record.status, to: status } },
    });
    return assessmentView(tx, updated);
  });
}

export async function reviewAssessment(
  db: Database,
  caller: Caller,
  id: string,
  input: { version: number; decision: 'reviewed' | 'returned'; comment?: string | undefined },
) {
  return db.transaction(async (tx) => {
    await q.lockAssessment(tx, id);
    const { record, scope } = await visibleAssessment(tx, caller.principal, id);
    assertCan(caller.principal, 'assessment.review', scope);
    assertVersion(record, input.version);
    if (record.createdBy === caller.actor.id || record.updatedBy === caller.actor.id)
      throw new Forbidden('You wrote or edited this assessment, so someone else must review it.');
    if (input.decision === 'returned' && !input.comment?.trim())
      throw Invalid.field(
        'comment',
        'say what the post should change when returning an assessment',
      );
    const status = nextAssessmentStatus(
      record.status as AssessmentStatus,
      input.decision === 'reviewed' ? 'review' : 'return',
    );
    const updated = await q.setAssessment(tx, id, {
      status,
      ...(status === 'reviewed' ? { reviewedAt: new Date(), reviewedBy: caller.actor.id } : {}),
    });
    await appendAudit(tx, caller.actor, {
      action: `assessment.${input.decision}`,
      entityType: 'assessment',
      entityId: id,
      changes: { status: { from: record.status, to: status }, comment: input.comment ?? null },
    });
    return assessmentView(tx, updated);
  });
}

export async function listAssessments(
  db: Database,
  principal: Principal,
  query: ListAssessmentsQuery,
) {
  return { items: await q.listAssessments(db, incidentVisibility(principal), query) };
}

// Comparisons ------------------------------------------------------------------------------

type Column = Awaited<ReturnType<typeof q.listAssessments>>[number];

async function comparison(db: Database, frameworkId: string, columns: Column[]) {
  const framework = await q.findFramework(db, frameworkId);
  if (!framework) throw new NotFound(`assessment framework ${frameworkId} does not exist`);
  const loaded: { column: Column; version: q.FrameworkVersion; ratings: q.RatingRow[] }[] = [];
  for (const c of columns) {
    const version = (await q.findVersion(db, c.frameworkVersionId))!;
    loaded.push({ column: c, version, ratings: await q.loadRatings(db, c.id) });
  }
  // Indicators in the order of the newest version, then any that only older versions had.
  const indicators = new Map<string, string>();
  for (const l of [...loaded].reverse())
    for (const ind of l.version.indicators)
      if (!indicators.has(ind.code)) indicators.set(ind.code, ind.question);
  const rows = [...indicators].map(([code, question]) => {
    let previous: { rank: number; levels: number } | null = null;
    const cells = loaded.map((l) => {
      if (!l.version.indicators.some((ind) => ind.code === code)) {
        previous = null;
        return null;
      }
      const r = l.ratings.find((x) => x.indicatorCode === code);
      const rating = r?.rating ?? null;
      const rank = rating === INSUFFICIENT ? -1 : rankOf(l.version.scale, rating);
      const here = { rank, levels: l.version.scale.length };
      // Ratings are comparable when both are real ratings on scales of the same length.
      const change: 'up' | 'down' | 'same' | null =
        previous !== null && previous.rank > 0 && rank > 0 && previous.levels === here.levels
          ? rank > previous.rank
            ? 'up'
            : rank < previous.rank
              ? 'down'
              : 'same'
          : null;
      previous = here;
      return {
        assessmentId: l.column.id,
        rating,
        ratingLabel: rating
          ? (l.version.scale.find((s) => s.code === rating)?.label ?? rating)
          : null,
        narrative: r?.narrative ?? '',
        evidenceCount: r?.evidence.length ?? 0,
        change,
      };
    });
    return { indicatorCode: code, question, cells };
  });
  return {
    frameworkId,
    frameworkName: framework.name,
    columns: loaded.map((l) => ({
      assessmentId: l.column.id,
      countryCode: l.column.countryCode,
      countryName: l.column.countryName,
      periodStart: l.column.periodStart,
      periodEnd: l.column.periodEnd,
      status: l.column.status,
      frameworkNumber: l.column.frameworkNumber,
    })),
    rows,
  };
}

/** One country's assessments against a framework, oldest period first. */
export async function compareCountry(
  db: Database,
  principal: Principal,
  country: string,
  frameworkId: string,
) {
  if (!(await q.countryExists(db, country)))
    throw new NotFound(`country ${country} does not exist`);
  const columns = await q.listAssessments(db, incidentVisibility(principal), {
    country,
    frameworkId,
    limit: 50,
  });
  return comparison(db, frameworkId, columns);
}

/** The countries of a region side by side: each country's latest assessment against the framework. */
export async function compareRegion(
  db: Database,
  principal: Principal,
  regionId: number,
  frameworkId: string,
) {
  if (!(await q.regionExists(db, regionId)))
    throw new NotFound(`region ${regionId} does not exist`);
  const all = await q.listAssessments(db, incidentVisibility(principal), {
    regionId,
    frameworkId,
    limit: 500,
  });
  const latest = new Map<string, Column>();
  for (const a of all) {
    const seen = latest.get(a.countryCode);
    if (!seen || a.periodEnd > seen.periodEnd) latest.set(a.countryCode, a);
  }
  return comparison(
    db,
    frameworkId,
    [...latest.values()].sort((a, b) => a.countryName.localeCompare(b.countryName)),
  );
}
