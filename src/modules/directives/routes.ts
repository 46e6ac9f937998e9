// HTTP routes for directives (editors), taskings (posts, with headquarters reviewing) and the
// compliance view with its CSV and XLSX exports. Each handler parses, calls one service
// function and replies.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Database } from '../../db/connection.ts';
import { actorOf, principalOf } from '../../http/access.ts';
import { problem } from '../auth/schemas.ts';
import * as compliance from './compliance.ts';
import { registeredSatisfiers } from './satisfiers/index.ts';
import {
  answerBody,
  complianceQuery,
  complianceView,
  createDirectiveBody,
  decisionBody,
  directiveSummary,
  directiveView,
  exportQuery,
  issueBody,
  linkBody,
  listDirectivesQuery,
  listTaskingsQuery,
  taskingSummary,
  taskingView,
  updateDirectiveBody,
  versionBody,
} from './schemas.ts';
import * as service from './service.ts';
import * as taskings from './taskings.ts';

const byId = z.object({ id: z.uuid() });
const errors = { 400: problem, 403: problem, 404: problem, 409: problem };
const callerOf = (request: FastifyRequest): service.Caller => ({
  principal: principalOf(request),
  actor: actorOf(request),
});

export const directiveRoutes: FastifyPluginAsyncZod<{ db: Database }> = async (app, { db }) => {
  const tags = ['directives'];

  app.get(
    '/api/directives/record-types',
    {
      config: { permission: 'directive.read' },
      schema: {
        tags,
        summary: 'Record types a requirement can collect',
        response: {
          200: z.object({
            items: z.array(z.object({ recordType: z.string(), label: z.string() })),
          }),
        },
      },
    },
    async () => ({
      items: registeredSatisfiers().map((s) => ({ recordType: s.recordType, label: s.label })),
    }),
  );

  app.get(
    '/api/directives',
    {
      config: { permission: 'directive.read' },
      schema: {
        tags,
        summary: 'Directives, newest first',
        querystring: listDirectivesQuery,
        response: { 200: z.object({ items: z.array(directiveSummary) }), 400: problem },
      },
    },
    async (request) => service.listDirectives(db, principalOf(request), request.query),
  );

  app.post(
    '/api/directives',
    {
      config: { permission: 'directive.write' },
      schema: {
        tags,
        summary: 'Draft a directive',
        body: createDirectiveBody,
        response: { 201: directiveView, ...errors },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await service.createDirective(db, callerOf(request), request.body)),
  );

  app.get(
    '/api/directives/:id',
    {
      config: { permission: 'directive.read' },
      schema: {
        tags,
        summary: 'One directive with its requirements, posts and amendments',
        params: byId,
        response: { 200: directiveView, 404: problem },
      },
    },
    async (request) => service.getDirective(db, principalOf(request), request.params.id),
  );

  app.patch(
    '/api/directives/:id',
    {
      config: { permission: 'directive.write' },
      schema: {
        tags,
        summary: 'Edit a draft, or amend an issued directive (send the version you edited)',
        params: byId,
        body: updateDirectiveBody,
        response: { 200: directiveView, ...errors },
      },
    },
    async (request) =>
      service.updateDirective(db, callerOf(request), request.params.id, request.body),
  );

  app.post(
    '/api/directives/:id/issue',
    {
      config: { permission: 'directive.write' },
      schema: {
        tags,
        summary: 'Issue: one tasking per addressed post (issuing again changes nothing)',
        params: byId,
        body: issueBody,
        response: { 200: directiveView, ...errors },
      },
    },
    async (request) =>
      service.issueDirective(db, callerOf(request), request.params.id, request.body),
  );

  app.post(
    '/api/directives/:id/close',
    {
      config: { permission: 'directive.write' },
      schema: {
        tags,
        summary: 'Close an issued directive',
        params: byId,
        body: versionBody,
        response: { 200: directiveView, ...errors },
      },
    },
    async (request) =>
      service.closeDirective(db, callerOf(request), request.params.id, request.body.version),
  );

  app.get(
    '/api/directives/:id/compliance',
    {
      config: { permission: 'directive.read' },
      schema: {
        tags,
        summary: 'Posts × requirements with status and counts, overdue first',
        params: byId,
        querystring: complianceQuery,
        response: { 200: complianceView, 400: problem, 404: problem },
      },
    },
    async (request) =>
      compliance.complianceMatrix(db, principalOf(request), request.params.id, request.query),
  );

  app.get(
    '/api/directives/:id/compliance/export',
    {
      config: { permission: 'directive.read' },
      schema: {
        tags,
        summary: 'The compliance matrix as CSV or XLSX',
        params: byId,
        querystring: exportQuery,
        response: { 400: problem, 404: problem },
      },
    },
    async (request, reply) => {
      const view = await compliance.complianceMatrix(
        db,
        principalOf(request),
        request.params.id,
        request.query,
      );
      const name = `${view.directive.reference}-compliance`;
      if (request.query.format === 'csv')
        return reply
          .type('text/csv; charset=utf-8')
          .header('content-disposition', `attachment; filename="${name}.csv"`)
          .send(compliance.complianceCsv(view) as never);
      return reply
        .type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
        .header('content-disposition', `attachment; filename="${name}.xlsx"`)
        .send((await compliance.complianceXlsx(view)) as never);
    },
  );
};

export const taskingRoutes: FastifyPluginAsyncZod<{ db: Database }> = async (app, { db }) => {
  const tags = ['taskings'];

  app.get(
    '/api/taskings',
    {
      config: { permission: 'tasking.read' },
      schema: {
        tags,
        summary: "The caller's taskings (or one post's), by due date",
        querystring: listTaskingsQuery,
        response: { 200: z.object({ items: z.array(taskingSummary) }), 400: problem, 403: problem },
      },
    },
    async (request) => taskings.listTaskings(db, principalOf(request), request.query),
  );

  app.get(
    '/api/taskings/:id',
    {
      config: { permission: 'tasking.read' },
      schema: {
        tags,
        summary: 'A tasking with its requirements, answers, records and review history',
        params: byId,
        response: { 200: taskingView, 403: problem, 404: problem },
      },
    },
    async (request) => taskings.getTasking(db, principalOf(request), request.params.id),
  );

  app.put(
    '/api/taskings/:id/answers/:requirementId',
    {
      config: { permission: 'tasking.write' },
      schema: {
        tags,
        summary: 'Answer a requirement in text, or "nothing to report" with an explanation',
        params: z.object({ id: z.uuid(), requirementId: z.uuid() }),
        body: answerBody,
        response: { 200: taskingView, ...errors },
      },
    },
    async (request) =>
      taskings.answerRequirement(
        db,
        callerOf(request),
        request.params.id,
        request.params.requirementId,
        request.body,
      ),
  );

  app.post(
    '/api/taskings/:id/links',
    {
      config: { permission: 'tasking.write' },
      schema: {
        tags,
        summary: 'Link a record to a requirement',
        params: byId,
        body: linkBody,
        response: { 200: taskingView, ...errors },
      },
    },
    async (request) => taskings.linkRecord(db, callerOf(request), request.params.id, request.body),
  );

  app.delete(
    '/api/taskings/:id/links',
    {
      config: { permission: 'tasking.write' },
      schema: {
        tags,
        summary: 'Unlink a record from a requirement',
        params: byId,
        body: linkBody,
        response: { 200: taskingView, ...errors },
      },
    },
    async (request) =>
      taskings.unlinkRecord(db, callerOf(request), request.params.id, request.body),
  );

  app.post(
    '/api/taskings/:id/amendments-read',
    {
      config: { permission: 'tasking.write' },
      schema: {
        tags,
        summary: "Acknowledge the directive's amendments so far",
        params: byId,
        response: { 200: taskingView, ...errors },
      },
    },
    async (request) => taskings.acknowledgeAmendments(db, callerOf(request), request.params.id),
  );

  app.post(
    '/api/taskings/:id/submit',
    {
      config: { permission: 'tasking.submit' },
      schema: {
        tags,
        summary: "Submit the post's answer to headquarters (the post's approver)",
        params: byId,
        body: versionBody,
        response: { 200: taskingView, ...errors },
      },
    },
    async (request) =>
      taskings.submitTasking(db, callerOf(request), request.params.id, request.body.version),
  );

  for (const decision of ['return', 'accept'] as const) {
    app.post(
      `/api/taskings/:id/${decision}`,
      {
        config: { permission: 'tasking.review' },
        schema: {
          tags,
          summary:
            decision === 'return'
              ? 'Return a submitted tasking to its post with comments'
              : 'Accept a submitted tasking',
          params: byId,
          body: decisionBody,
          response: { 200: taskingView, ...errors },
        },
      },
      async (request) =>
        taskings.reviewTasking(db, callerOf(request), request.params.id, {
          decision,
          ...request.body,
        }),
    );
  }
};
