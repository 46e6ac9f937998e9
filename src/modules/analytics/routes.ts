// HTTP for the analytics dashboard: counts (JSON, CSV, XLSX, SVG chart), rates with their
// denominators, the choropleth, official series, and the observation behind any figure.
import type { FastifyReply } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Database } from '../../db/connection.ts';
import { NotFound } from '../../domain/errors.ts';
import { suppressedLabel } from '../../domain/stats/suppression.ts';
import {
  countsCsv,
  countsXlsx,
  incidentCounts,
  officialSeries,
  ratesByCountry,
} from './service.ts';
import { compareGroups } from './comparison.ts';
import { observationById } from './queries.ts';
import { svgToPng } from './png.ts';
import { MIN_THRESHOLD } from './protection/table.ts';
import { barChartSvg, choroplethSvg, trendChartSvg, type MapValue } from './svg.ts';
import { incidentTrend, seriesTrend, trendCsv, trendXlsx, type TrendView } from './trends.ts';

/** Every chart is served as SVG and as a PNG rasterised from that same SVG. */
const CHART_FORMATS = ['svg', 'png'] as const;
function sendChart(reply: FastifyReply, format: 'svg' | 'png', svg: string, name: string) {
  if (format === 'svg') return reply.type('image/svg+xml').send(svg);
  return reply
    .type('image/png')
    .header('content-disposition', `inline; filename="${name}.png"`)
    .send(svgToPng(svg));
}

/** A request may raise the suppression threshold, never lower it (protection/table.ts, rule 3). */
const thresholdParam = z.coerce
  .number()
  .int()
  .min(MIN_THRESHOLD, `at least ${MIN_THRESHOLD}: small counts are never shown`)
  .max(100)
  .default(MIN_THRESHOLD);
const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
const thisYear = new Date().getUTCFullYear();
const countsQuery = z.strictObject({
  by: z.enum(['country', 'region', 'category', 'route', 'month']).default('country'),
  from: isoDate.default(`${thisYear - 1}-01-01`),
  to: isoDate.default(`${thisYear}-12-31`),
  country: z.string().length(2).toUpperCase().optional(),
  category: z.string().max(100).optional(),
  threshold: thresholdParam,
});

export const analyticsRoutes: FastifyPluginAsyncZod<{ db: Database }> = async (app, { db }) => {
  const counts = (qs: z.infer<typeof countsQuery>) =>
    incidentCounts(
      db,
      qs.by,
      { from: qs.from, to: qs.to, country: qs.country, category: qs.category },
      qs.threshold,
    );

  app.get(
    '/api/analytics/incidents',
    {
      config: { permission: 'analytics.read', expensive: true },
      schema: {
        tags: ['analytics'],
        summary:
          'Verified incidents by country, region, category, route or month (from the rollup), small cells suppressed',
        querystring: countsQuery,
      },
    },
    async (request) => counts(request.query),
  );

  app.get(
    '/api/analytics/incidents.csv',
    {
      config: { permission: 'analytics.read', expensive: true },
      schema: {
        tags: ['analytics'],
        summary: 'The same counts as CSV, notes first',
        querystring: countsQuery,
      },
    },
    async (request, reply) =>
      reply
        .type('text/csv; charset=utf-8')
        .header(
          'content-disposition',
          `attachment; filename="incidents-by-${request.query.by}.csv"`,
        )
        .send(countsCsv(await counts(request.query))),
  );

  app.get(
    '/api/analytics/incidents.xlsx',
    {
      config: { permission: 'analytics.read', expensive: true },
      schema: {
        tags: ['analytics'],
        summary: 'The same counts as XLSX (figures and notes sheets)',
        querystring: countsQuery,
      },
    },
    async (request, reply) =>
      reply
        .type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
        .header(
          'content-disposition',
          `attachment; filename="incidents-by-${request.query.by}.xlsx"`,
        )
        .send(await countsXlsx(await counts(request.query))),
  );

  const countsChart = async (qs: z.infer<typeof countsQuery>) => {
    const v = await counts(qs);
    return barChartSvg(
      v.rows.map((r) => ({ label: r.label, value: r.incidents })),
      {
        title: `Verified incidents by ${v.by}, ${v.from} – ${v.to}`,
        valueLabel: 'Count of verified incidents',
        notes: v.notes,
        synthetic: v.synthetic,
        suppressedLabel: suppressedLabel(v.threshold),
      },
    );
  };
  for (const format of CHART_FORMATS)
    app.get(
      `/api/analytics/incidents.${format}`,
      {
        config: { permission: 'analytics.read', expensive: true },
        schema: {
          tags: ['analytics'],
          summary: `The same counts as ${format === 'svg' ? 'an SVG' : 'a PNG'} bar chart with its notes`,
          querystring: countsQuery,
        },
      },
      async (request, reply) =>
        sendChart(
          reply,
          format,
          await countsChart(request.query),
          `incidents-by-${request.query.by}`,
        ),
    );

  const ratesQuery = z.strictObject({
    year: z.coerce
      .number()
      .int()
      .min(1960)
      .max(thisYear)
      .default(thisYear - 1),
    threshold: thresholdParam,
  });

  app.get(
    '/api/analytics/rates',
    {
      config: { permission: 'analytics.read', expensive: true },
      schema: {
        tags: ['analytics'],
        summary:
          'Verified incidents per 100,000 residents by country, with denominator, year, source and exact Poisson interval; or why not',
        querystring: ratesQuery,
      },
    },
    async (request) => ratesByCountry(db, request.query.year, request.query.threshold),
  );

  for (const format of CHART_FORMATS)
    app.get(
      `/api/analytics/map.${format}`,
      {
        config: { permission: 'analytics.read', expensive: true },
        schema: {
          tags: ['analytics'],
          summary: `Choropleth of verified incidents by country (count or rate per 100,000), rendered on the server as ${format.toUpperCase()}`,
          querystring: ratesQuery.extend({ measure: z.enum(['count', 'rate']).default('count') }),
        },
      },
      async (request, reply) => {
        const { year, threshold, measure } = request.query;
        const r = await ratesByCountry(db, year, threshold);
        const values = new Map<string, MapValue>();
        for (const row of r.rows) {
          if (!row.numeric) continue;
          if ('suppressed' in row) values.set(row.numeric, { value: null, label: row.name });
          else if (row.rate)
            values.set(row.numeric, {
              value: measure === 'rate' ? row.rate.rate : row.rate.numerator,
              label: row.name,
            });
          else if (measure === 'count' && 'incidents' in row)
            values.set(row.numeric, { value: row.incidents, label: row.name });
        }
        return sendChart(
          reply,
          format,
          choroplethSvg(values, measure, {
            title: `Verified incidents ${measure === 'rate' ? 'per 100,000 residents' : '(count)'} by country, ${year}`,
            valueLabel:
              measure === 'rate'
                ? 'verified incidents per 100,000 residents'
                : 'number of verified incidents',
            notes: r.notes,
            synthetic: r.synthetic,
            suppressedLabel: suppressedLabel(threshold),
          }),
          `map-${measure}-${year}`,
        );
      },
    );

  app.get(
    '/api/analytics/series',
    {
      config: { permission: 'analytics.read', expensive: true },
      schema: {
        tags: ['analytics'],
        summary:
          'An official-statistics series with its dataset, caveats and the observation behind each point',
        querystring: z.strictObject({
          dataset: z.string().min(1),
          indicator: z.string().min(1),
          area: z.string().optional(),
        }),
      },
    },
    async (request) =>
      officialSeries(db, request.query.dataset, request.query.indicator, request.query.area),
  );

  app.get(
    '/api/analytics/observations/:id',
    {
      config: { permission: 'analytics.read', expensive: true },
      schema: {
        tags: ['analytics'],
        summary: 'One observation with its dataset, import and source row',
        params: z.strictObject({ id: z.coerce.number().int().positive() }),
      },
    },
    async (request) => {
      const o = await observationById(db, request.params.id);
      if (!o) throw new NotFound('no such observation');
      return o;
    },
  );

  // ─── trends with their interval band, and comparisons between two groups ──────────────────

  const country = z.string().length(2).toUpperCase();
  const threshold = thresholdParam;
  /** A breakdown group comes as a pair: the breakdown ("Citizenship") and its value. */
  const bothOrNeither = (v: { dimension?: string | undefined; group?: string | undefined }) =>
    (v.dimension === undefined) === (v.group === undefined);
  const incidentTrendQuery = z.strictObject({
    country,
    by: z.enum(['year', 'month']).default('year'),
    from: isoDate.default(`${thisYear - 9}-01-01`),
    to: isoDate.default(`${thisYear}-12-31`),
    threshold,
  });
  const seriesTrendQuery = z
    .strictObject({
      dataset: z.string().min(1),
      indicator: z.string().min(1),
      country,
      dimension: z.string().min(1).optional(),
      group: z.string().min(1).optional(),
      measure: z.enum(['rate', 'count']).default('rate'),
      threshold,
    })
    .refine(bothOrNeither, {
      path: ['group'],
      message: 'a breakdown group needs both dimension and group',
    });
  const trendSvg = (v: TrendView) =>
    trendChartSvg(
      v.points.map((p) => ({
        period: p.period,
        value: p.value,
        lower: p.lower,
        upper: p.upper,
        note: p.suppressed ? suppressedLabel(v.threshold) : (p.reason ?? undefined),
      })),
      {
        title: v.title,
        valueLabel:
          v.measure === 'rate'
            ? `${v.counted}, per 100,000 population, with 95% interval`
            : `Count of ${v.counted}, with 95% interval`,
        notes: v.notes,
        synthetic: v.synthetic,
        suppressedLabel: suppressedLabel(v.threshold),
      },
    );

  for (const [path, query, load, name] of [
    [
      '/api/analytics/trends/incidents',
      incidentTrendQuery,
      (qs: z.infer<typeof incidentTrendQuery>) => incidentTrend(db, qs),
      'Verified incidents of a country by year or month with the exact Poisson 95% band',
    ],
    [
      '/api/analytics/trends/series',
      seriesTrendQuery,
      (qs: z.infer<typeof seriesTrendQuery>) => seriesTrend(db, qs),
      'An official series by year, per 100,000 of the group’s population (or as counts), with the exact Poisson 95% band',
    ],
  ] as const) {
    const loadView = load as (qs: unknown) => Promise<TrendView>;
    const file = path.split('/').pop()!;
    app.get(
      path,
      {
        config: { permission: 'analytics.read', expensive: true },
        schema: { tags: ['analytics'], summary: name, querystring: query },
      },
      async (request) => loadView(request.query),
    );
    app.get(
      `${path}.csv`,
      {
        config: { permission: 'analytics.read', expensive: true },
        schema: { tags: ['analytics'], summary: `${name}: CSV, notes first`, querystring: query },
      },
      async (request, reply) =>
        reply
          .type('text/csv; charset=utf-8')
          .header('content-disposition', `attachment; filename="trend-${file}.csv"`)
          .send(trendCsv(await loadView(request.query))),
    );
    app.get(
      `${path}.xlsx`,
      {
        config: { permission: 'analytics.read', expensive: true },
        schema: {
          tags: ['analytics'],
          summary: `${name}: XLSX (figures and notes sheets)`,
          querystring: query,
        },
      },
      async (request, reply) =>
        reply
          .type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
          .header('content-disposition', `attachment; filename="trend-${file}.xlsx"`)
          .send(await trendXlsx(await loadView(request.query))),
    );
    for (const format of CHART_FORMATS)
      app.get(
        `${path}.${format}`,
        {
          config: { permission: 'analytics.read', expensive: true },
          schema: {
            tags: ['analytics'],
            summary: `${name}: ${format.toUpperCase()} chart with the band and its notes`,
            querystring: query,
          },
        },
        async (request, reply) =>
          sendChart(reply, format, trendSvg(await loadView(request.query)), `trend-${file}`),
      );
  }

  app.get(
    '/api/analytics/compare',
    {
      config: { permission: 'analytics.read', expensive: true },
      schema: {
        tags: ['analytics'],
        summary:
          'Two groups compared on a rate per 100,000 with the rate ratio and its exact interval, or the reason the comparison is not shown',
        querystring: z
          .strictObject({
            source: z.enum(['incidents', 'series']).default('incidents'),
            year: z.coerce.number().int().min(1960).max(thisYear),
            a: country,
            b: country,
            dataset: z.string().min(1).optional(),
            indicator: z.string().min(1).optional(),
            dimension: z.string().min(1).optional(),
            aGroup: z.string().min(1).optional(),
            bGroup: z.string().min(1).optional(),
            threshold,
          })
          .refine((v) => v.source === 'incidents' || (v.dataset && v.indicator), {
            path: ['dataset'],
            message: 'an official-statistics comparison names its dataset and indicator',
          })
          .refine((v) => !v.dimension || (v.aGroup && v.bGroup), {
            path: ['aGroup'],
            message: 'a breakdown comparison names both groups (aGroup and bGroup)',
          })
          .refine((v) => v.source === 'series' || !v.dimension, {
            path: ['dimension'],
            message: 'incidents are compared by country only',
          }),
      },
    },
    async (request) => compareGroups(db, request.query),
  );
};
