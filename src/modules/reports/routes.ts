// HTTP routes for country reports: list, create (generates the draft), read, edit a section,
// regenerate (preview and apply), clearance actions, paragraph comments, versions, citation
// search and exports (one report, or a regional or global compilation).
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Database } from '../../db/connection.ts';
import { actorOf, principalOf } from '../../http/access.ts';
import { problem } from '../auth/schemas.ts';
import * as service from './service.ts';
import * as structure from './structure.ts';

const tags = ['reports'];
const byId = z.object({ id: z.uuid() });
const errors = { 400: problem, 403: problem, 404: problem, 409: problem };
const callerOf = (request: FastifyRequest): service.Caller => ({
  principal: principalOf(request),
  actor: actorOf(request),
});

const year = z.coerce.number().int().min(1990).max(2100);
const format = z.enum(['html', 'docx', 'pdf']);
const audience = z
  .enum(['internal', 'foreign'])
  .default('internal')
  .describe('foreign: leaves out what rests on records not releasable to foreign nationals');
const versionBody = z.strictObject({
  version: z.number().int().positive(),
  note: z.string().trim().max(2000).optional(),
});

const footnote = z.object({
  n: z.number(),
  text: z.string(),
  records: z.array(z.object({ type: z.string(), id: z.string(), reference: z.string() })),
});
const reportView = z.object({
  id: z.uuid(),
  countryCode: z.string(),
  countryName: z.string(),
  year: z.number(),
  postId: z.number().nullable(),
  taskingId: z
    .uuid()
    .nullable()
    .describe("the annual human-rights directive's tasking for the post"),
  status: z.enum(['drafted', 'reviewed', 'cleared']),
  contentVersion: z.number(),
  clearedVersion: z.number().nullable(),
  version: z.number(),
  locked: z.boolean(),
  synthetic: z.boolean(),
  sections: z.array(
    z.object({
      id: z.uuid(),
      number: z.string(),
      title: z.string(),
      body: z.string(),
      generated: z.boolean(),
      warnings: z.array(
        z.object({ paragraph: z.number(), sentence: z.string(), message: z.string() }),
      ),
    }),
  ),
  footnotes: z.array(footnote),
});
const diffPart = z.object({ text: z.string(), change: z.enum(['added', 'removed', 'same']) });

function sendFile(
  reply: FastifyReply,
  file: { body: Buffer; type: string; name: string; synthetic: boolean },
) {
  return reply
    .header('Content-Type', file.type)
    .header('Content-Disposition', `attachment; filename="${file.name}"`)
    .header('X-Synthetic-Data', String(file.synthetic))
    .header('X-Content-Type-Options', 'nosniff')
    .send(file.body);
}

export const reportRoutes: FastifyPluginAsyncZod<{ db: Database }> = async (app, { db }) => {
  app.get(
    '/api/reports',
    {
      config: { permission: 'report.read' },
      schema: {
        tags,
        summary: 'Country reports the caller may see, by year, region and status',
        querystring: z.object({
          year: year.optional(),
          regionId: z.coerce.number().int().positive().optional(),
          status: z.enum(['drafted', 'reviewed', 'cleared']).optional(),
        }),
        response: {
          200: z.object({
            items: z.array(
              z.object({
                id: z.uuid(),
                countryCode: z.string(),
                countryName: z.string(),
                regionName: z.string(),
                year: z.number(),
                status: z.string(),
                contentVersion: z.number(),
                clearedVersion: z.number().nullable(),
                version: z.number(),
                updatedAt: z.date(),
              }),
            ),
          }),
        },
      },
    },
    async (request) => service.listReports(db, principalOf(request), request.query),
  );

  app.post(
    '/api/reports',
    {
      config: { permission: 'report.create' },
      schema: {
        tags,
        summary: "Start a country's report for a year: the migration sections are generated",
        body: z.strictObject({ countryCode: z.string().trim().length(2).toUpperCase(), year }),
        response: { 201: reportView, ...errors },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await service.createReport(db, callerOf(request), request.body)),
  );

  const structureSection = z.strictObject({
    number: z.string().max(20),
    title: z.string().max(300),
    categories: z.array(z.string().max(60)).max(50),
    statistics: z.array(z.string().max(40)).max(20),
    engagement: z.boolean(),
  });
  const structureView = z.object({
    year: z.number(),
    custom: z.boolean(),
    version: z.number(),
    sections: z.array(structureSection),
  });
  app.get(
    '/api/reports/structures/:year',
    {
      config: { permission: 'report.read' },
      schema: {
        tags,
        summary:
          "A year's section structure: what each section reports (the built-in one, version 0, until editors save another)",
        params: z.object({ year }),
        response: { 200: structureView, 400: problem, 403: problem },
      },
    },
    async (request) => structure.structureView(db, request.params.year),
  );
  app.put(
    '/api/reports/structures/:year',
    {
      config: { permission: 'report.structure' },
      schema: {
        tags,
        summary:
          "Save a year's section structure (send the version you edited; each category, kind of statistics and the engagement log in one section at most)",
        params: z.object({ year }),
        body: z.strictObject({
          version: z.number().int().min(0),
          sections: z.array(structureSection).max(30),
        }),
        response: { 200: structureView, ...errors },
      },
    },
    async (request) =>
      structure.saveStructure(db, callerOf(request), request.params.year, request.body),
  );

  app.get(
    '/api/reports/:id',
    {
      config: { permission: 'report.read' },
      schema: {
        tags,
        summary: 'A report with its sections, figure warnings and resolved footnotes',
        params: byId,
        response: { 200: reportView, 404: problem },
      },
    },
    async (request) => service.getReport(db, principalOf(request), request.params.id),
  );

  app.put(
    '/api/reports/:id/sections/:sectionId',
    {
      config: { permission: 'report.write' },
      schema: {
        tags,
        summary:
          'Edit a section (send the report version you edited); editing a cleared report starts a new version',
        params: z.object({ id: z.uuid(), sectionId: z.uuid() }),
        body: z.strictObject({
          version: z.number().int().positive(),
          body: z.string().max(200_000),
        }),
        response: { 200: reportView, ...errors },
      },
    },
    async (request) =>
      service.updateSection(
        db,
        callerOf(request),
        request.params.id,
        request.params.sectionId,
        request.body,
      ),
  );

  for (const action of ['review', 'clear', 'return'] as const) {
    app.post(
      `/api/reports/:id/${action}`,
      {
        config: { permission: action === 'clear' ? 'report.clear' : 'report.review' },
        schema: {
          tags,
          summary:
            action === 'review'
              ? 'Mark a drafted report reviewed (regional bureau)'
              : action === 'clear'
                ? 'Clear a reviewed report: the version is locked'
                : 'Return a reviewed report to the post for changes',
          params: byId,
          body: versionBody,
          response: { 200: reportView, ...errors },
        },
      },
      async (request) =>
        service.transition(db, callerOf(request), request.params.id, action, request.body),
    );
  }

  app.get(
    '/api/reports/:id/regenerate',
    {
      config: { permission: 'report.read' },
      schema: {
        tags,
        summary: 'What regenerating from the verified records of today would change',
        params: byId,
        response: {
          200: z.object({
            version: z.number(),
            verifiedIncidents: z.number(),
            changes: z.array(
              z.object({
                sectionId: z.uuid(),
                number: z.string(),
                title: z.string(),
                current: z.string(),
                proposed: z.string(),
                changed: z.boolean(),
                diff: z.array(diffPart),
              }),
            ),
          }),
          404: problem,
        },
      },
    },
    async (request) => service.regeneratePreview(db, principalOf(request), request.params.id),
  );

  app.post(
    '/api/reports/:id/regenerate',
    {
      config: { permission: 'report.write' },
      schema: {
        tags,
        summary: 'Apply the regeneration shown by the preview',
        params: byId,
        body: versionBody,
        response: { 200: reportView, ...errors },
      },
    },
    async (request) =>
      service.regenerateApply(db, callerOf(request), request.params.id, request.body.version),
  );

  app.get(
    '/api/reports/:id/versions',
    {
      config: { permission: 'report.read' },
      schema: {
        tags,
        summary: 'Version snapshots, newest first, each with a word diff against the one before',
        params: byId,
        response: {
          200: z.object({
            items: z.array(
              z.object({
                id: z.uuid(),
                contentVersion: z.number(),
                status: z.string(),
                note: z.string().nullable(),
                createdAt: z.string(),
                createdBy: z.string().nullable(),
                changes: z.array(z.object({ number: z.string(), diff: z.array(diffPart) })),
              }),
            ),
          }),
          404: problem,
        },
      },
    },
    async (request) => service.versions(db, principalOf(request), request.params.id),
  );

  app.get(
    '/api/reports/:id/comments',
    {
      config: { permission: 'report.read' },
      schema: {
        tags,
        summary: 'Comments on paragraphs',
        params: byId,
        response: {
          200: z.object({
            items: z.array(
              z.object({
                id: z.uuid(),
                sectionId: z.string(),
                paragraph: z.number(),
                body: z.string(),
                author: z.string().nullable(),
                createdAt: z.string(),
              }),
            ),
          }),
          404: problem,
        },
      },
    },
    async (request) => service.comments(db, principalOf(request), request.params.id),
  );

  app.post(
    '/api/reports/:id/comments',
    {
      config: { permission: 'report.comment' },
      schema: {
        tags,
        summary: 'Comment on a paragraph',
        params: byId,
        body: z.strictObject({
          sectionId: z.uuid(),
          paragraph: z.number().int().min(0),
          body: z.string().trim().min(1).max(10_000),
        }),
        response: { 201: z.object({ id: z.uuid() }), ...errors },
      },
    },
    async (request, reply) =>
      reply
        .status(201)
        .send(await service.addComment(db, callerOf(request), request.params.id, request.body)),
  );

  app.get(
    '/api/reports/:id/citable',
    {
      config: { permission: 'report.read' },
      schema: {
        tags,
        summary: "Verified incidents of the report's country to cite, by reference or title words",
        params: byId,
        querystring: z.object({ q: z.string().trim().min(1).max(200) }),
        response: {
          200: z.object({
            items: z.array(
              z.object({
                id: z.uuid(),
                reference: z.string(),
                title: z.string(),
                occurredStart: z.string(),
              }),
            ),
          }),
          404: problem,
        },
      },
    },
    async (request) =>
      service.searchCitable(db, principalOf(request), request.params.id, request.query.q),
  );

  app.get(
    '/api/reports/:id/export',
    {
      config: { permission: 'report.export', expensive: true },
      schema: {
        tags,
        summary: 'The report as HTML, DOCX or PDF, for an internal or a foreign audience',
        params: byId,
        querystring: z.object({ format, audience }),
        response: { 403: problem, 404: problem },
      },
    },
    async (request, reply) =>
      sendFile(
        reply,
        await service.exportReport(
          db,
          callerOf(request),
          request.params.id,
          request.query.format,
          request.query.audience,
        ),
      ),
  );

  app.get(
    '/api/reports/compilation',
    {
      config: { permission: 'report.export', expensive: true },
      schema: {
        tags,
        summary: 'A regional (regionId) or global compilation of the year’s reports',
        querystring: z.object({
          year,
          regionId: z.coerce.number().int().positive().optional(),
          format,
          audience,
        }),
        response: { 403: problem, 404: problem },
      },
    },
    async (request, reply) =>
      sendFile(reply, await service.exportCompilation(db, callerOf(request), request.query)),
  );
};
