// Saved mappings shipped with the app: one for every official statistical table the project
// works with (the files in shared/datasets), so that the next release of the same table
// imports with `--mapping <name>`. Metadata and caveats are the publishers' own, in short.
import type { DatasetMetadata, StatMapping, StatMappingInput } from './mapping.ts';
import { statMapping } from './mapping.ts';

const EUROSTAT_LICENCE = 'CC BY 4.0 (Eurostat reuse policy); source: Eurostat';
const EUROSTAT_APPSSO =
  'Old Eurostat Data Explorer ("appsso") export. Aggregates (EU28, Total, Extra-EU-28) sit beside countries. ' +
  'Flags: b break in series, d definition differs, e estimated, p provisional; ":" not available.';
const OGL = 'Open Government Licence v3.0; Crown copyright';
const NRM_CAVEATS =
  'A referral to the National Referral Mechanism is not a confirmed victim: it records that a first responder ' +
  'identified a potential victim. Nationality is as recorded by the Home Office (demonyms; dual nationality joined ' +
  'with a space). Figures are revised in later releases.';
const HO_IRREGULAR_CAVEATS =
  'Detections are events, not people: one person may be detected more than once. Nationality is as recorded at ' +
  'detection. Figures for the latest quarters are provisional and revised in later releases.';

function eurostatAsylum(
  name: string,
  description: string,
  dataset: Omit<DatasetMetadata, 'licence'>,
  indicatorColumn: string,
  encoding: 'auto' | 'latin1' = 'auto',
): StatMappingInput {
  return {
    name,
    description,
    dataset: { ...dataset, licence: EUROSTAT_LICENCE },
    format: 'csv',
    encoding,
    area: { column: 'GEO', codes: 'name' },
    period: { column: 'TIME' },
    indicator: { column: indicatorColumn },
    values: [{ column: 'Value' }],
    dimensions: [
      { column: 'CITIZEN', name: 'Citizenship' },
      { column: 'SEX', name: 'Sex' },
      { column: 'AGE', name: 'Age' },
      { column: 'UNIT', name: 'Unit' },
    ],
    flags: { column: 'Flag and Footnotes' },
  };
}

const ASYLUM_APPLICATIONS: Omit<DatasetMetadata, 'licence'> = {
  publisher: 'Eurostat',
  title:
    'Asylum and first time asylum applicants by citizenship, age and sex - annual aggregated data (migr_asyappctza)',
  url: 'https://ec.europa.eu/eurostat/databrowser/view/migr_asyappctza/default/table',
  referencePeriod: '2008–2016',
  counted: 'applications',
  countedDescription:
    'Asylum applicants (persons lodging an application in the year) and first-time applicants, rounded to the nearest 5',
  caveats: `Applicants are counted per application year; "Asylum applicant" includes repeat applicants, "First time applicant" does not. Citizenship is the applicant's citizenship, not a migration background. Values are rounded to the nearest 5. ${EUROSTAT_APPSSO}`,
};

const UK_IRREGULAR_XLSX = (
  n: 1 | 2 | 3 | 4 | 5,
  title: string,
  counted: DatasetMetadata['counted'],
  countedDescription: string,
  valueColumn: string,
  dimensions: string[],
): StatMappingInput => ({
  name: `uk-irregular-migration-d0${n}`,
  description: `Home Office "Irregular migration to the UK – detailed datasets", sheet "Data - Irr_D0${n}" (title row above the header, "End of table" below)`,
  dataset: {
    publisher: 'UK Home Office',
    title: `Irregular migration to the UK, detailed dataset Irr_D0${n}: ${title}`,
    url: 'https://www.gov.uk/government/statistical-data-sets/irregular-migration-detailed-dataset-and-summary-tables',
    licence: OGL,
    referencePeriod: '2018 Q1 – 2023 Q3',
    counted,
    countedDescription,
    caveats: HO_IRREGULAR_CAVEATS,
  },
  format: 'xlsx',
  sheet: `Data - Irr_D0${n}`,
  headerRow: 2,
  footerPattern: '^End of table',
  area: { fixed: 'United Kingdom', countryCode: 'GB' },
  period: { column: 'Quarter' },
  indicator: { fixed: title },
  values: [{ column: valueColumn }],
  dimensions: dimensions.map((column) => ({ column })),
});

const NRM_GROUNDS = (kind: 'reasonable' | 'conclusive'): StatMappingInput => {
  const bands = ['Adult (18 or over)', 'Child (17 or under)', 'Age not specified or unknown'];
  const outcomes = [`Negative ${kind} grounds`, `Positive ${kind} grounds`, 'Total'];
  return {
    name: `uk-nrm-${kind}-grounds`,
    description: `UK NRM ${kind} grounds decisions by quarter and age (wide table: one value column per age band and outcome; Quarter "Total" is the year)`,
    dataset: {
      publisher: 'UK Home Office',
      title: `National Referral Mechanism: ${kind} grounds decisions by age group`,
      url: 'https://www.gov.uk/government/collections/national-referral-mechanism-statistics',
      licence: OGL,
      referencePeriod: '2014–2023',
      counted: 'decisions',
      countedDescription: `${kind[0]!.toUpperCase()}${kind.slice(1)} grounds decisions issued in the period (not people, not confirmed victims)`,
      caveats: `${NRM_CAVEATS} A decision in a quarter may concern a referral from an earlier quarter.`,
    },
    format: 'csv',
    area: { fixed: 'United Kingdom', countryCode: 'GB' },
    period: { yearColumn: 'Year', quarterColumn: 'Quarter' },
    indicator: { fixed: `${kind} grounds decisions` },
    values: [
      ...bands.flatMap((b) =>
        outcomes.map((o) => ({ column: `${b} - ${o}`, indicator: `${b} - ${o}` })),
      ),
      { column: 'Total', indicator: 'Total' },
    ],
  };
};

export const BUILTIN_MAPPING_INPUTS: StatMappingInput[] = [
  eurostatAsylum(
    'eurostat-migr-asyappctza-totals',
    'Eurostat migr_asyappctza, totals (Extra-EU-28, Total), appsso CSV export',
    { ...ASYLUM_APPLICATIONS, key: 'eurostat-migr-asyappctza-totals' },
    'ASYL_APP',
  ),
  eurostatAsylum(
    'eurostat-migr-asyappctza-citizenship',
    'Eurostat migr_asyappctza by citizenship, 2012–2016, appsso CSV export (Latin-1)',
    { ...ASYLUM_APPLICATIONS, referencePeriod: '2012–2016' },
    'ASYL_APP',
  ),
  eurostatAsylum(
    'eurostat-migr-asydcfsta',
    'Eurostat migr_asydcfsta (first instance decisions), appsso CSV export',
    {
      publisher: 'Eurostat',
      title:
        'First instance decisions on applications by citizenship, age and sex - annual aggregated data (migr_asydcfsta)',
      url: 'https://ec.europa.eu/eurostat/databrowser/view/migr_asydcfsta/default/table',
      referencePeriod: '2008–2016',
      counted: 'decisions',
      countedDescription:
        'First instance decisions on asylum applications, by outcome (persons concerned by the decisions, rounded to 5)',
      caveats: `Decisions are not applicants of the same year: a decision may concern an application from an earlier year. Values are rounded to the nearest 5. ${EUROSTAT_APPSSO}`,
    },
    'DECISION',
  ),
  {
    name: 'eurostat-demo-pjan',
    description: 'Eurostat demo_pjan (population on 1 January), totals, appsso CSV export',
    dataset: {
      publisher: 'Eurostat',
      title: 'Population on 1 January by age and sex (demo_pjan)',
      url: 'https://ec.europa.eu/eurostat/databrowser/view/demo_pjan/default/table',
      licence: EUROSTAT_LICENCE,
      referencePeriod: '2007–2016',
      counted: 'population',
      countedDescription: 'Usually resident population on 1 January',
      caveats: `Breaks in series (flag b) where a census re-based the figures. ${EUROSTAT_APPSSO}`,
    },
    format: 'csv',
    area: { column: 'GEO', codes: 'name' },
    period: { column: 'TIME' },
    indicator: { fixed: 'Population on 1 January' },
    values: [{ column: 'Value' }],
    dimensions: [
      { column: 'AGE', name: 'Age' },
      { column: 'SEX', name: 'Sex' },
      { column: 'UNIT', name: 'Unit' },
    ],
    flags: { column: 'Flag and Footnotes' },
  },
  {
    name: 'uk-nrm-referrals-government',
    description:
      'UK NRM referrals from government first responders by nationality (tidy version of ODS Table 11, subtotals labelled "Total")',
    dataset: {
      publisher: 'UK Home Office',
      title:
        'National Referral Mechanism: referrals of potential victims of modern slavery by government first responders, by nationality',
      url: 'https://www.gov.uk/government/collections/national-referral-mechanism-statistics',
      licence: OGL,
      referencePeriod: '2023 Q4',
      counted: 'referrals',
      countedDescription:
        'Potential victims referred to the NRM by the first responder in the quarter',
      caveats: `${NRM_CAVEATS} Rows labelled "Total" are subtotals of the rows beside them: do not add them to the detail rows.`,
    },
    format: 'csv',
    area: { fixed: 'United Kingdom', countryCode: 'GB' },
    period: { fixed: '2023 Q4' },
    indicator: { fixed: 'Potential victims referred' },
    values: [{ column: 'People' }],
    dimensions: [
      { column: 'First responder type' },
      { column: 'First responder' },
      { column: 'Exploitation type' },
      { column: 'Age at exploitation' },
      { column: 'Gender' },
      { column: 'Nationality' },
    ],
  },
  NRM_GROUNDS('reasonable'),
  NRM_GROUNDS('conclusive'),
  {
    name: 'uk-nrm-duty-to-notify',
    description: 'UK NRM duty-to-notify reports by nationality, 2023 Q4',
    dataset: {
      publisher: 'UK Home Office',
      title: 'National Referral Mechanism: duty to notify reports by nationality',
      url: 'https://www.gov.uk/government/collections/national-referral-mechanism-statistics',
      licence: OGL,
      referencePeriod: '2023 Q4',
      counted: 'referrals',
      countedDescription:
        'Duty-to-notify reports: potential adult victims who did not consent to an NRM referral',
      caveats: `${NRM_CAVEATS} Duty-to-notify reports are anonymous: one person may be reported more than once.`,
    },
    format: 'csv',
    area: { fixed: 'United Kingdom', countryCode: 'GB' },
    period: { fixed: '2023 Q4' },
    indicator: { fixed: 'Duty to notify reports' },
    values: [{ column: 'Total' }],
    dimensions: [{ column: 'Nationality' }],
  },
  {
    name: 'uk-irregular-migration-detections',
    description: 'UK Home Office irregular-migration detections by quarter (tidy CSV of Irr_D01)',
    dataset: {
      publisher: 'UK Home Office',
      title:
        'Detected attempts to enter the UK irregularly, by method of entry, nationality, sex and age',
      url: 'https://www.gov.uk/government/statistical-data-sets/irregular-migration-detailed-dataset-and-summary-tables',
      licence: OGL,
      referencePeriod: '2018–2023',
      counted: 'detections',
      countedDescription: 'Detections of people arriving or attempting to arrive irregularly',
      caveats: HO_IRREGULAR_CAVEATS,
    },
    format: 'csv',
    area: { fixed: 'United Kingdom', countryCode: 'GB' },
    period: { yearColumn: 'Year', quarterColumn: 'Quarter' },
    indicator: { fixed: 'Detections' },
    values: [{ column: 'Number of detections' }],
    dimensions: [
      { column: 'Method of entry' },
      { column: 'Nationality' },
      { column: 'Region' },
      { column: 'Sex' },
      { column: 'Age Group' },
    ],
  },
  UK_IRREGULAR_XLSX(
    1,
    'Detected attempts to enter the UK irregularly',
    'detections',
    'Detections of people arriving or attempting to arrive irregularly',
    'Number of detections',
    ['Method of entry', 'Nationality', 'Region', 'Sex', 'Age Group'],
  ),
  UK_IRREGULAR_XLSX(
    2,
    'Asylum applications from small boat arrivals',
    'applications',
    'Asylum applications raised by people who arrived by small boat (main applicants and dependants)',
    'Applications',
    ['Asylum application', 'Nationality', 'Region', 'Applicant type', 'UASC', 'Sex', 'Age Group'],
  ),
  UK_IRREGULAR_XLSX(
    3,
    'Initial decisions on asylum applications from small boat arrivals',
    'decisions',
    'Initial decisions (and cases awaiting one) on asylum applications of small boat arrivals',
    'Decisions',
    [
      'Nationality',
      'Region',
      'Asylum Case Outcome',
      'Asylum Case Outcome Group',
      'Applicant type',
      'UASC',
      'Sex',
      'Age Group',
    ],
  ),
  UK_IRREGULAR_XLSX(
    4,
    'NRM referrals from small boat arrivals',
    'referrals',
    'Small boat arrivals by whether an NRM referral was raised (referrals are not confirmed victims)',
    'Referrals',
    ['NRM referral', 'Nationality', 'Region', 'Sex', 'Age Group'],
  ),
  UK_IRREGULAR_XLSX(
    5,
    'Outcomes of NRM referrals from small boat arrivals',
    'referrals',
    'NRM referrals of small boat arrivals by decision outcome',
    'Referrals',
    ['Nationality', 'Region', 'Sex', 'Age Group', 'NRM Case Outcome', 'NRM Case Outcome Group'],
  ),
  {
    name: 'de-bka-pks-t01',
    description:
      'BKA Polizeiliche Kriminalstatistik, table T01 Länderübersicht (one sheet; unnamed percentage columns by position)',
    dataset: {
      publisher: 'Bundeskriminalamt (BKA)',
      title:
        'Polizeiliche Kriminalstatistik 2023, T01 Länderübersicht (Fälle, Aufklärung, Tatverdächtige)',
      url: 'https://www.bka.de/DE/AktuelleInformationen/StatistikenLagebilder/PolizeilicheKriminalstatistik/pks_node.html',
      licence: 'Datenlizenz Deutschland – Namensnennung 2.0; PKS Bundeskriminalamt, 2023',
      referencePeriod: '2023',
      counted: 'suspects',
      countedDescription:
        'Offences recorded by the police (erfasste Fälle) and suspects (Tatverdächtige), incl. non-German suspects',
      caveats:
        'Police-recorded crime: cases known to the police when the investigation ended, not convictions. Suspects are not offenders. ' +
        '"Nichtdeutsche Tatverdächtige" includes people without German citizenship of every residence status (incl. tourists, ' +
        'people in transit and offences against immigration law only Germans cannot commit); it is not a migration background. ' +
        'HZ is cases per 100,000 inhabitants of the Land on 1 January.',
    },
    format: 'xlsx',
    sheet: 'T01_LÜ',
    area: { column: 'Bundesland', codes: 'name' },
    countryCode: 'DE',
    period: { fixed: '2023' },
    indicator: { fixed: 'PKS T01' },
    values: [
      { column: '#4', indicator: 'Erfasste Fälle' },
      { column: '#5', indicator: 'Häufigkeitszahl (Fälle je 100.000 Einwohner)' },
      { column: '#6', indicator: 'Versuche' },
      { column: '#7', indicator: 'Versuche, Anteil an den Fällen (%)' },
      { column: '#8', indicator: 'Aufgeklärte Fälle' },
      { column: '#9', indicator: 'Aufklärungsquote (%)' },
      { column: '#10', indicator: 'Tatverdächtige insgesamt' },
      { column: '#11', indicator: 'Nichtdeutsche Tatverdächtige' },
      { column: '#12', indicator: 'Nichtdeutsche Tatverdächtige, Anteil (%)' },
    ],
    dimensions: [
      { column: '#1', name: 'Schlüssel' },
      { column: '#2', name: 'Straftat' },
    ],
  },
  {
    name: 'worldbank-population',
    description: 'World Bank SP.POP.TOTL, long format (datahub "population"), CRLF',
    dataset: {
      publisher: 'World Bank',
      title: 'Population, total (SP.POP.TOTL)',
      url: 'https://data.worldbank.org/indicator/SP.POP.TOTL',
      licence: 'CC BY 4.0 (World Bank); datahub packaging ODC-PDDL-1.0',
      referencePeriod: '1960–2024',
      counted: 'population',
      countedDescription:
        'Midyear total population: all residents regardless of legal status or citizenship',
      caveats:
        'Estimates, revised with each release; regional and income aggregates (World, High income…) are listed beside countries.',
    },
    format: 'csv',
    area: { column: 'Country Name', codeColumn: 'Country Code', codes: 'alpha3' },
    period: { column: 'Year' },
    indicator: { fixed: 'Population, total' },
    values: [{ column: 'Value' }],
  },
];

export const BUILTIN_MAPPINGS: ReadonlyMap<string, StatMapping> = new Map(
  BUILTIN_MAPPING_INPUTS.map((m) => {
    const parsed = statMapping.parse(m);
    return [parsed.name, parsed];
  }),
);
