// The compliance view of a directive: posts × requirements, each cell met / nothing to report /
// missing with its record count, overdue posts first; and its CSV and XLSX exports.
import { toCsv } from '../../domain/csv.ts';
import ExcelJS from 'exceljs';
import type { Database } from '../../db/connection.ts';
import { isOverdue, isoToday } from '../../domain/directives.ts';
import { assertCan, type Principal } from '../../domain/policy.ts';
import * as q from './queries.ts';
import type { ComplianceView } from './schemas.ts';
import { findDirectiveOr404 } from './service.ts';
import { satisfierFor } from './satisfiers/index.ts';
import { preload } from './taskings.ts';

const STATUS_LABELS: Record<string, string> = {
  not_started: 'Not started',
  in_progress: 'In progress',
  submitted: 'Submitted',
  accepted: 'Accepted',
  returned: 'Returned',
  overdue: 'Overdue',
};
const CELL_LABELS = { met: 'met', nothing_to_report: 'nothing to report', missing: 'missing' };

export async function complianceMatrix(
  db: Database,
  principal: Principal,
  id: string,
  filter: { region?: number | undefined },
): Promise<ComplianceView> {
  assertCan(principal, 'directive.read');
  const d = await findDirectiveOr404(db, id);
  const requirements = (await q.requirementsOf(db, id)).filter((r) => !r.withdrawn);
  const today = isoToday();
  const rows = [];
  const tasked = await q.taskingsOfDirective(db, id, filter.region);
  const loaded = await preload(
    db,
    id,
    tasked.map((t) => t.tasking.id),
  );
  // Per requirement, the records each tasking counts: those it linked (that still exist) and
  // those it is offered by matching — as on the tasking page, but one query per requirement
  // for all posts (matching uncapped) instead of one per cell.
  const contexts = tasked.map((t) => ({
    postId: t.post.id,
    countryCode: t.post.countryCode,
    periodStart: d.periodStart,
    periodEnd: d.periodEnd,
  }));
  const recordIds = new Map<string, Map<string, Set<string>>>();
  for (const r of requirements) {
    const satisfier = r.recordType ? satisfierFor(r.recordType) : undefined;
    if (!satisfier) continue;
    const links = loaded.links.filter(
      (l) => l.requirementId === r.id && l.recordType === r.recordType,
    );
    const existing = new Set(
      (await satisfier.describe(db, [...new Set(links.map((l) => l.recordId))])).map((x) => x.id),
    );
    const matched = await satisfier.matchIdsFor(db, r.criteria, contexts);
    recordIds.set(
      r.id,
      new Map(
        tasked.map((t) => [
          t.tasking.id,
          new Set([
            ...links
              .filter((l) => l.taskingId === t.tasking.id && existing.has(l.recordId))
              .map((l) => l.recordId),
            ...(matched.get(t.post.id) ?? []),
          ]),
        ]),
      ),
    );
  }
  const answers = new Map(loaded.answers.map((a) => [`${a.taskingId}|${a.requirementId}`, a]));
  for (const t of tasked) {
    const overdue = t.tasking.status === 'overdue' || isOverdue(t.tasking.status, d.dueOn, today);
    rows.push({
      taskingId: t.tasking.id,
      post: t.post,
      regionName: t.regionName,
      status: overdue ? ('overdue' as const) : t.tasking.status,
      overdue,
      cells: requirements.map((r) => {
        const answer = answers.get(`${t.tasking.id}|${r.id}`);
        const records = recordIds.get(r.id)?.get(t.tasking.id)?.size ?? 0;
        return {
          requirementId: r.id,
          records,
          state: answer?.nothingToReport
            ? ('nothing_to_report' as const)
            : records > 0 || (answer?.answer ?? '').trim() !== ''
              ? ('met' as const)
              : ('missing' as const),
        };
      }),
    });
  }
  rows.sort(
    (a, b) => Number(b.overdue) - Number(a.overdue) || a.post.name.localeCompare(b.post.name),
  );
  const totals: Record<string, number> = {};
  for (const r of rows) totals[r.status] = (totals[r.status] ?? 0) + 1;
  return {
    directive: d,
    requirements: requirements.map((r) => ({
      id: r.id,
      position: r.position,
      title: r.title,
      required: r.required,
    })),
    rows,
    totals,
  };
}

function table(view: ComplianceView): string[][] {
  const header = [
    'Post',
    'Post code',
    'Region',
    'Status',
    ...view.requirements.map((r) => `${r.position + 1}. ${r.title}`),
  ];
  return [
    header,
    ...view.rows.map((row) => [
      row.post.name,
      row.post.code,
      row.regionName,
      STATUS_LABELS[row.status] ?? row.status,
      ...row.cells.map((c) => `${CELL_LABELS[c.state]} (${c.records} records)`),
    ]),
  ];
}

export function complianceCsv(view: ComplianceView): string {
  const note = view.directive.synthetic ? '# synthetic demo data\r\n' : '';
  return note + toCsv(table(view), { record_delimiter: '\r\n' });
}

export async function complianceXlsx(view: ComplianceView): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  book.creator = 'Rapporteur';
  const sheet = book.addWorksheet(view.directive.reference.slice(0, 31));
  if (view.directive.synthetic) sheet.addRow(['Synthetic demo data']);
  sheet.addRow([
    `${view.directive.reference} — ${view.directive.title}`,
    '',
    '',
    `due ${view.directive.dueOn}`,
  ]);
  const rows = table(view);
  const header = sheet.addRow(rows[0]);
  header.font = { bold: true };
  for (const r of rows.slice(1)) sheet.addRow(r);
  sheet.columns.forEach((c) => (c.width = 24));
  return Buffer.from(await book.xlsx.writeBuffer());
}
