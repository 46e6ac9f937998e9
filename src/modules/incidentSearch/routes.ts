// HTTP routes for finding incidents: the list (filters, sorts, keyset cursor), facet counts,
// map points, streamed exports, imports with a dry run, and the caller's saved searches.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Database } from '../../db/connection.ts';
import { Invalid } from '../../domain/errors.ts';
import { actorOf, principalOf } from '../../http/access.ts';
import { problem } from '../auth/schemas.ts';
import {
  createSavedSearchBody,
  exportQuery,
  facetsView,
  importQuery,
  importResult,
  listQuery,
  mapView,
  renameSavedSearchBody,
  savedSearchView,
  searchFilters,
  searchPage,
} from './schemas.ts';
import * as service from './service.ts';

const tags = ['incidents'];
export const IMPORT_UPLOAD_LIMIT = 20 * 1024 * 1024;
const callerOf = (request: FastifyRequest): service.Caller => ({
  principal: principalOf(request),
  actor: actorOf(request),
});

export const incidentSearchRoutes: FastifyPluginAsyncZod<{ db: Database }> = async (
  app,
  { db },
) => {
  // Scoped to this plugin: imports arrive as the file itself.
  app.addContentTypeParser(
    'text/csv',
    { parseAs: 'buffer', bodyLimit: IMPORT_UPLOAD_LIMIT },
    (_request, body, done) => done(null, body),
  );

  app.get(
    '/api/incidents',
    {
      config: { permission: 'incident.read', expensive: true },
      schema: {
        tags,
        summary:
          'Incidents the caller may see: filters, full-text `q` (any language), `sort`, keyset `cursor`',
        querystring: listQuery,
        response: { 200: searchPage, 400: problem },
      },
    },
    async (request) => service.listIncidents(db, principalOf(request), request.query),
  );

  app.get(
    '/api/incidents/facets',
    {
      config: { permission: 'incident.read', expensive: true },
      schema: {
        tags,
        summary:
          'Counts per country, region, category, status, route, marking, year, source type and reliability under the filters',
        querystring: searchFilters,
        response: { 200: facetsView, 400: problem },
      },
    },
    async (request) => service.facets(db, principalOf(request), request.query),
  );

  app.get(
    '/api/incidents/map',
    {
      config: { permission: 'incident.read', expensive: true },
      schema: {
        tags,
        summary:
          'Points of the filtered incidents with coordinates (newest first, at most `cap`; region centroids excluded)',
        querystring: searchFilters,
        response: { 200: mapView, 400: problem },
      },
    },
    async (request) => service.mapPoints(db, principalOf(request), request.query),
  );

  app.get(
    '/api/incidents/export',
    {
      config: { permission: 'incident.read', expensive: true },
      schema: {
        tags,
        summary:
          'Every incident the caller may see under the filters, streamed as JSON, CSV or GeoJSON (audited)',
        querystring: exportQuery,
        // No response schema: the body is a stream in the requested format (400s are problem+json).
      },
    },
    async (request, reply) => {
      const { format, ...filters } = request.query;
      const stream = await service.exportIncidents(db, callerOf(request), filters, format);
      const stamp = new Date().toISOString().slice(0, 10);
      return reply
        .type(service.EXPORT_TYPES[format])
        .header('content-disposition', `attachment; filename="incidents-${stamp}.${format}"`)
        .send(stream);
    },
  );

  app.post(
    '/api/incidents/import',
    {
      bodyLimit: IMPORT_UPLOAD_LIMIT,
      config: { permission: 'incident.import', expensive: true },
      schema: {
        tags,
        summary:
          'Import draft incidents from the CSV export columns (text/csv) or a JSON array (application/json), all or nothing; `dryRun=true` only checks',
        querystring: importQuery,
        response: {
          200: importResult,
          201: importResult,
          400: problem,
          403: problem,
          // Row errors, or a problem (malware found in the file: RAPPORTEUR_CLAMD).
          422: z.union([importResult, problem]),
        },
      },
    },
    async (request, reply) => {
      const isCsv = Buffer.isBuffer(request.body);
      const format = request.query.format ?? (isCsv ? 'csv' : 'json');
      if (format === 'csv' && !isCsv)
        throw Invalid.field(
          'body',
          'send the CSV file itself as the body, with Content-Type text/csv',
        );
      const body = isCsv
        ? (request.body as Buffer)
        : Buffer.from(JSON.stringify(request.body ?? null), 'utf8');
      const result = await service.importIncidents(db, callerOf(request), body, {
        format,
        dryRun: request.query.dryRun === 'true',
      });
      const status = result.errors.length > 0 ? 422 : result.dryRun ? 200 : 201;
      return reply.status(status).send(result);
    },
  );

  const byId = z.object({ id: z.uuid() });
  const searchTags = ['saved searches'];

  app.get(
    '/api/saved-searches',
    {
      config: { permission: 'incident.read' },
      schema: {
        tags: searchTags,
        summary: 'Your saved searches',
        response: { 200: z.object({ items: z.array(savedSearchView) }) },
      },
    },
    async (request) => ({ items: await service.listSavedSearches(db, callerOf(request)) }),
  );

  app.post(
    '/api/saved-searches',
    {
      config: { permission: 'incident.read' },
      schema: {
        tags: searchTags,
        summary: 'Save the filters of the incident list under a name',
        body: createSavedSearchBody,
        response: { 201: savedSearchView, 400: problem },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await service.createSavedSearch(db, callerOf(request), request.body)),
  );

  app.patch(
    '/api/saved-searches/:id',
    {
      config: { permission: 'incident.read' },
      schema: {
        tags: searchTags,
        summary: 'Rename a saved search (send the version you saw)',
        params: byId,
        body: renameSavedSearchBody,
        response: { 200: savedSearchView, 400: problem, 404: problem, 409: problem },
      },
    },
    async (request) =>
      service.renameSavedSearch(db, callerOf(request), request.params.id, request.body),
  );

  app.delete(
    '/api/saved-searches/:id',
    {
      config: { permission: 'incident.read' },
      schema: {
        tags: searchTags,
        summary: 'Delete a saved search',
        params: byId,
        response: { 204: z.null(), 404: problem },
      },
    },
    async (request, reply) => {
      await service.deleteSavedSearch(db, callerOf(request), request.params.id);
      return reply.status(204).send(null);
    },
  );
};
