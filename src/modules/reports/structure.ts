// The section structure of a year's reports: the built-in one (DEFAULT_STRUCTURE) unless
// editors saved another for that year. Editors may rename sections, add or remove them, and
// move categories, kinds of official statistics and the engagement log between them; each
// category and kind of statistic is reported in one section at most, and the engagement log in
// one. Saving carries the version (409 when someone saved in between) and is audited.
import { appendAudit } from '../../db/audit.ts';
import type { Database, Executor } from '../../db/connection.ts';
import { reportStructures, STAT_COUNTED_VALUES } from '../../db/schema/index.ts';
import { Conflict, Invalid, type FieldError } from '../../domain/errors.ts';
import { assertCan } from '../../domain/policy.ts';
import { INCIDENT_CATEGORIES } from '../../domain/vocabularies.ts';
import { DEFAULT_STRUCTURE, type SectionTemplate } from './draft.ts';
import * as q from './queries.ts';
import type { Caller } from './service.ts';

/** A section as saved: its number and title and what it reports. */
export type StructureSection = (typeof reportStructures.$inferSelect)['sections'][number];

export interface StructureView {
  year: number;
  /** False while the year uses the built-in structure (version 0 then). */
  custom: boolean;
  version: number;
  sections: StructureSection[];
}

const builtIn = (): StructureSection[] =>
  DEFAULT_STRUCTURE.map((s) => ({
    number: s.number,
    title: s.title,
    categories: [...s.categories],
    statistics: [...(s.statistics ?? [])],
    engagement: s.engagement ?? false,
  }));

export async function structureView(db: Executor, year: number): Promise<StructureView> {
  const row = await q.findStructure(db, year);
  return row
    ? { year, custom: true, version: row.version, sections: row.sections }
    : { year, custom: false, version: 0, sections: builtIn() };
}

/** The templates a year's reports are drafted with. */
export async function structureFor(db: Executor, year: number): Promise<SectionTemplate[]> {
  return (await structureView(db, year)).sections;
}

const CATEGORY_CODES = new Set<string>(INCIDENT_CATEGORIES.map((c) => c.code));
const COUNTED = new Set<string>(STAT_COUNTED_VALUES);

function structureErrors(sections: StructureSection[]): FieldError[] {
  const errors: FieldError[] = [];
  const numbers = new Map<string, number>();
  const placed = new Map<string, string>();
  let engagementIn: string | undefined;
  sections.forEach((s, i) => {
    const at = `sections.${i}`;
    const number = s.number.trim();
    if (!number) errors.push({ field: `${at}.number`, message: 'give the section a number' });
    else if (numbers.has(number))
      errors.push({ field: `${at}.number`, message: `section ${number} is listed twice` });
    numbers.set(number, i);
    if (!s.title.trim()) errors.push({ field: `${at}.title`, message: 'give the section a title' });
    s.categories.forEach((c, j) => {
      if (!CATEGORY_CODES.has(c))
        errors.push({ field: `${at}.categories.${j}`, message: `unknown incident category ${c}` });
      else if (placed.has(`c:${c}`))
        errors.push({
          field: `${at}.categories.${j}`,
          message: `${c} is already reported in section ${placed.get(`c:${c}`)}`,
        });
      placed.set(`c:${c}`, number);
    });
    s.statistics.forEach((c, j) => {
      if (!COUNTED.has(c))
        errors.push({ field: `${at}.statistics.${j}`, message: `unknown kind of count ${c}` });
      else if (placed.has(`s:${c}`))
        errors.push({
          field: `${at}.statistics.${j}`,
          message: `statistics of ${c} are already reported in section ${placed.get(`s:${c}`)}`,
        });
      placed.set(`s:${c}`, number);
    });
    if (s.engagement) {
      if (engagementIn)
        errors.push({
          field: `${at}.engagement`,
          message: `the engagement log is already reported in section ${engagementIn}`,
        });
      engagementIn ??= number;
    }
  });
  if (!sections.length) errors.push({ field: 'sections', message: 'a report needs sections' });
  return errors;
}

export async function saveStructure(
  db: Database,
  caller: Caller,
  year: number,
  input: { version: number; sections: StructureSection[] },
): Promise<StructureView> {
  assertCan(caller.principal, 'report.structure');
  const sections = input.sections.map((s) => ({
    number: s.number.trim(),
    title: s.title.trim(),
    categories: [...new Set(s.categories)],
    statistics: [...new Set(s.statistics)],
    engagement: s.engagement,
  }));
  const errors = structureErrors(sections);
  if (errors.length) throw new Invalid(errors);
  return db.transaction(async (tx) => {
    await q.lockStructure(tx, year);
    const before = await structureView(tx, year);
    if (before.version !== input.version)
      throw new Conflict(
        `the ${year} structure was saved by someone else (version ${before.version}); reload it`,
        before,
      );
    if (before.custom)
      await q.updateStructure(tx, year, {
        sections,
        version: before.version + 1,
        updatedBy: caller.actor.id,
        updatedAt: new Date(),
      });
    else await q.insertStructure(tx, { year, sections, updatedBy: caller.actor.id });
    await appendAudit(tx, caller.actor, {
      action: 'report_structure.saved',
      entityType: 'report_structure',
      entityId: year,
      changes: { from: before.sections, to: sections },
    });
    return structureView(tx, year);
  });
}
