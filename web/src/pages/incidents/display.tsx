// How incident facts read on the pages: status as a USWDS tag, the occurred date with its
// precision, categories as labels.
import { Tag } from '@trussworks/react-uswds';
import type { IncidentStatus } from '../../incidentsApi.ts';
import { INCIDENT_CATEGORIES, INCIDENT_STATUSES, labelOf } from '../../vocabularies.ts';

const STATUS_CLASSES: Record<IncidentStatus, string> = {
  draft: 'bg-base-dark',
  submitted: 'bg-primary-dark',
  returned: 'bg-secondary-dark',
  verified: 'bg-green-cool-70v',
  rejected: 'bg-base-darkest',
  merged: 'bg-base-darker',
};

export function StatusTag({ status }: { status: IncidentStatus }) {
  return (
    <Tag className={STATUS_CLASSES[status]} data-testid="status">
      {labelOf(INCIDENT_STATUSES, status)}
    </Tag>
  );
}

const MONTH = new Intl.DateTimeFormat('en-GB', { month: 'long', year: 'numeric', timeZone: 'UTC' });

/** "14 Mar 2026" for a day, "March 2026" for a month, "2026" for a year, a range otherwise. */
export function occurred(start: string, end: string, precision: string): string {
  switch (precision) {
    case 'day':
      return start;
    case 'week':
      return `Week of ${start}`;
    case 'month':
      return MONTH.format(new Date(`${start}T00:00:00Z`));
    case 'year':
      return start.slice(0, 4);
    default:
      return start === end ? start : `${start} to ${end}`;
  }
}

export function CategoryLabels({ codes }: { codes: string[] }) {
  return (
    <ul className="usa-list usa-list--unstyled">
      {codes.map((c) => (
        <li key={c}>
          <span className="usa-tag bg-base-lighter text-ink text-no-uppercase">
            {labelOf(INCIDENT_CATEGORIES, c)}
          </span>
        </li>
      ))}
    </ul>
  );
}
