// The three IOM Missing Migrants Project layouts we read, each as the file's own column names
// for the fields a draft needs, and the header check that tells them apart. Column names are
// matched exactly (after trimming): the current export writes "Migration route" where the
// legacy one wrote "Migration Route", and a header we do not know is refused, not guessed.
import { Invalid } from '../../domain/errors.ts';
import type { IomDateFormat } from './mapping.ts';
import type { IomLayout } from './types.ts';

export interface IomLayoutSpec {
  layout: IomLayout;
  /** How the layout writes the incident date. */
  dateFormat: IomDateFormat;
  /** Cell values that mean "not stated" (the curated re-export writes R's `NA`). */
  unknown: readonly string[];
  columns: {
    externalId: string;
    mainId?: string;
    date: string;
    region: string;
    dead: string;
    missing: string;
    survivors: string;
    females: string;
    males: string;
    children: string;
    cause: string;
    location: string;
    informationSource: string;
    /** "lat, lon" in one cell… */
    coordinates?: string;
    /** …or two cells. */
    latitude?: string;
    longitude?: string;
    route: string;
    url: string;
    sourceQuality: string;
    countriesOfOrigin?: string;
    countryOfIncident?: string;
    incidentType?: string;
    /** The curated file's statement of how precise its date is ("day"). */
    datePrecision?: string;
  };
}

export const IOM_LAYOUT_SPECS: readonly IomLayoutSpec[] = [
  {
    layout: 'mmp2019',
    dateFormat: 'englishMonthDay',
    unknown: [''],
    columns: {
      externalId: 'Web ID',
      date: 'Reported Date',
      region: 'Region of Incident',
      dead: 'Number Dead',
      missing: 'Minimum Estimated Number of Missing',
      survivors: 'Number of Survivors',
      females: 'Number of Females',
      males: 'Number of Males',
      children: 'Number of Children',
      cause: 'Cause of Death',
      location: 'Location Description',
      informationSource: 'Information Source',
      coordinates: 'Location Coordinates',
      route: 'Migration Route',
      url: 'URL',
      sourceQuality: 'Source Quality',
    },
  },
  {
    layout: 'mmp2026',
    dateFormat: 'drupal',
    unknown: [''],
    columns: {
      // Main ID repeats across the parts of a split incident; Incident ID is one per row.
      externalId: 'Incident ID',
      mainId: 'Main ID',
      date: 'Incident Date',
      region: 'Region',
      dead: 'Number Dead',
      missing: 'Minimum Estimated Number of Missing',
      survivors: 'Number of Survivors',
      females: 'Number of Females',
      males: 'Number of Males',
      children: 'Number of Children',
      cause: 'Cause of Death',
      location: 'Location of death',
      informationSource: 'Information Source',
      coordinates: 'Coordinates',
      route: 'Migration route',
      url: 'URL',
      sourceQuality: 'Source Quality',
      countriesOfOrigin: 'Country of Origin',
    },
  },
  {
    layout: 'mmpEuropeCurated',
    dateFormat: 'iso',
    unknown: ['', 'NA'],
    columns: {
      externalId: 'Incident ID',
      mainId: 'Main ID',
      date: 'Incident date',
      region: 'Region of Incident',
      dead: 'No. dead',
      missing: 'No. missing',
      survivors: 'No. survivors',
      females: 'No. Female',
      males: 'No. Male',
      children: 'No. minors',
      cause: 'Cause of death (reported)',
      location: 'Location of death',
      informationSource: 'Source',
      latitude: 'Latitude',
      longitude: 'Longitude',
      route: 'Route',
      url: 'Link',
      sourceQuality: 'Source Quality',
      countriesOfOrigin: 'Country of Origin',
      countryOfIncident: 'Country of Incident',
      incidentType: 'Incident Type',
      datePrecision: 'incident_date_precision',
    },
  },
];

/** A layout with the position of each of its columns in this file's header. */
export interface DetectedLayout {
  spec: IomLayoutSpec;
  header: string[];
  /** Column name → index in the record. */
  indexOf: ReadonlyMap<string, number>;
}

const requiredColumns = (spec: IomLayoutSpec): string[] =>
  Object.values(spec.columns).filter((c): c is string => typeof c === 'string');

/**
 * The layout whose columns the header holds. An unknown header is refused with the columns
 * missing from the nearest layout named, so a renamed export is easy to diagnose.
 */
export function detectLayout(header: readonly string[]): DetectedLayout {
  const names = header.map((h) => h.trim());
  const indexOf = new Map<string, number>();
  names.forEach((name, i) => {
    if (!indexOf.has(name)) indexOf.set(name, i);
  });
  const candidates = IOM_LAYOUT_SPECS.map((spec) => ({
    spec,
    missing: requiredColumns(spec).filter((c) => !indexOf.has(c)),
  })).sort((a, b) => a.missing.length - b.missing.length);
  const best = candidates[0]!;
  if (best.missing.length > 0) {
    throw Invalid.field(
      'header',
      `not a known IOM Missing Migrants Project layout; the nearest (${best.spec.layout}) ` +
        `lacks the columns ${best.missing.map((c) => `"${c}"`).join(', ')}`,
    );
  }
  return { spec: best.spec, header: names, indexOf };
}
