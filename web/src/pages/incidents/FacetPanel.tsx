// Facet counts of the current result set: each value narrows the list with one click; a
// facet already applied shows its value and a button to remove it.
import { Button } from '@trussworks/react-uswds';
import type { FacetName, Facets, SearchFilters } from '../../searchApi.ts';
import {
  INCIDENT_CATEGORIES,
  INCIDENT_STATUSES,
  MARKINGS,
  MIGRATION_ROUTES,
  SOURCE_RELIABILITY,
  SOURCE_TYPES,
  type Term,
} from '../../vocabularies.ts';

const labelIn = (terms: readonly Term[]) => (code: string) =>
  terms.find((t) => t.code === code)?.label ?? code;

interface FacetSpec {
  facet: FacetName;
  title: string;
  /** The filter a value of this facet sets (years set a date range). */
  apply: (value: string) => SearchFilters;
  applied: (filters: SearchFilters) => boolean;
  label: (value: string) => string;
}

export function FacetPanel({
  facets,
  applied,
  countryName,
  onApply,
}: {
  facets: Facets | null;
  applied: SearchFilters;
  countryName: (code: string) => string;
  onApply: (filters: SearchFilters) => void;
}) {
  const simple = (
    facet: FacetName & keyof SearchFilters,
    title: string,
    label: (v: string) => string,
  ): FacetSpec => ({
    facet,
    title,
    apply: (value) => ({ [facet]: value }),
    applied: (f) => Boolean(f[facet]),
    label,
  });
  const specs: FacetSpec[] = [
    simple('status', 'Status', labelIn(INCIDENT_STATUSES)),
    simple('category', 'Category', labelIn(INCIDENT_CATEGORIES)),
    simple('country', 'Country', countryName),
    simple('route', 'Migration route', labelIn(MIGRATION_ROUTES)),
    simple('sourceType', 'Source type', labelIn(SOURCE_TYPES)),
    simple('reliability', 'Source reliability', (v) => `${v}: ${labelIn(SOURCE_RELIABILITY)(v)}`),
    simple('marking', 'Marking', labelIn(MARKINGS)),
    {
      facet: 'year',
      title: 'Year occurred',
      apply: (year) => ({ from: `${year}-01-01`, to: `${year}-12-31` }),
      applied: (f) => Boolean(f.from || f.to),
      label: (v) => v,
    },
  ];
  return (
    <section aria-labelledby="facets-heading">
      <h2 id="facets-heading">Narrow down</h2>
      {!facets && <p>Counting…</p>}
      {facets &&
        specs.map((spec) => {
          const values = facets.facets[spec.facet];
          const headingId = `facet-${spec.facet}`;
          if (spec.applied(applied)) {
            const keys =
              spec.facet === 'year'
                ? (['from', 'to'] as const)
                : ([spec.facet] as (keyof SearchFilters)[]);
            const shown = keys
              .map((k) => applied[k])
              .filter(Boolean)
              .join(' – ');
            return (
              <div key={spec.facet} className="margin-bottom-2">
                <h3 id={headingId} className="margin-bottom-05 font-sans-sm">
                  {spec.title}
                </h3>
                <p className="margin-y-05">
                  {spec.facet === 'year' ? shown : spec.label(shown)}{' '}
                  <Button
                    type="button"
                    unstyled
                    onClick={() => {
                      const next = { ...applied };
                      for (const k of keys) delete next[k];
                      onApply(next);
                    }}
                  >
                    Remove
                    <span className="usa-sr-only"> the {spec.title.toLowerCase()} filter</span>
                  </Button>
                </p>
              </div>
            );
          }
          if (!values.length) return null;
          return (
            <div key={spec.facet} className="margin-bottom-2">
              <h3 id={headingId} className="margin-bottom-05 font-sans-sm">
                {spec.title}
              </h3>
              <ul className="usa-list usa-list--unstyled" aria-labelledby={headingId}>
                {values.slice(0, 12).map((v) => (
                  <li key={v.value}>
                    <Button
                      type="button"
                      unstyled
                      data-testid={`facet-${spec.facet}-${v.value}`}
                      onClick={() => onApply({ ...applied, ...spec.apply(v.value) })}
                    >
                      {spec.label(v.value)} ({facets.estimated ? `about ${v.count}` : v.count})
                    </Button>
                  </li>
                ))}
              </ul>
            </div>
          );
        })}
    </section>
  );
}
