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
import { preload, requirementStates } from './taskings.ts';

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
  for (const t of tasked) {
    const states = await requirementStates(db, t, d, loaded);
    const overdue = t.tasking.status === 'overdue' || isOverdue(t.tasking.status, d.dueOn, today);
    rows.push({
      taskingId: t.tasking.id,
      post: t.post,
      regionName: t.regionName,
      status: overdue ? ('overdue' as const) : t.tasking.status,
      overdue,
      cells: states.map((s) => ({
        requirementId: s.id,
        records: s.records.length,
        state: s.nothingToReport
          ? ('nothing_to_report' as const)
          : s.records.length > 0 || s.answer.trim() !== ''
            ? ('met' as const)
            : ('missing' as const),
      })),
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
