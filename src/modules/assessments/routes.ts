// HTTP routes for assessment frameworks (editors), assessments (posts, reviewed by the region
// or editors) and the comparison views.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Database } from '../../db/connection.ts';
import { actorOf, principalOf } from '../../http/access.ts';
import { problem } from '../auth/schemas.ts';
import {
  assessmentSummary,
  assessmentView,
  compareQuery,
  comparisonView,
  createAssessmentBody,
  createFrameworkBody,
  frameworkSummary,
  frameworkVersionView,
  frameworkView,
  listAssessmentsQuery,
  reviewBody,
  updateAssessmentBody,
  updateFrameworkBody,
  versionBody,
} from './schemas.ts';
import * as service from './service.ts';

const tags = ['assessments'];
const errors = { 400: problem, 403: problem, 404: problem, 409: problem };
const byId = z.object({ id: z.uuid() });
const callerOf = (request: FastifyRequest): service.Caller => ({
  principal: principalOf(request),
  actor: actorOf(request),
});

export const assessmentRoutes: FastifyPluginAsyncZod<{ db: Database }> = async (app, { db }) => {
  app.get(
    '/api/assessment-frameworks',
    {
      config: { permission: 'assessment.read' },
      schema: {
        tags,
        summary: 'Assessment frameworks with their latest version',
        response: { 200: z.object({ items: z.array(frameworkSummary) }) },
      },
    },
    async () => service.listFrameworks(db),
  );

  app.post(
    '/api/assessment-frameworks',
    {
      config: { permission: 'framework.manage' },
      schema: {
        tags,
        summary:
          'Define a framework: indicators, a rating scale with a definition per level, guidance',
        body: createFrameworkBody,
        response: { 201: frameworkView, ...errors },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await service.createFramework(db, callerOf(request), request.body)),
  );

  app.get(
    '/api/assessment-frameworks/:id',
    {
      config: { permission: 'assessment.read' },
      schema: {
        tags,
        summary: 'A framework, its latest version and the list of its versions',
        params: byId,
        response: { 200: frameworkView, 404: problem },
      },
    },
    async (request) => service.getFramework(db, request.params.id),
  );

  app.put(
    '/api/assessment-frameworks/:id',
    {
      config: { permission: 'framework.manage' },
      schema: {
        tags,
        summary:
          'Change the framework (send its version). A version already used by an assessment is kept; the change becomes a new version',
        params: byId,
        body: updateFrameworkBody,
        response: { 200: frameworkView, ...errors },
      },
    },
    async (request) =>
      service.updateFramework(db, callerOf(request), request.params.id, request.body),
  );

  app.get(
    '/api/assessment-framework-versions/:id',
    {
      config: { permission: 'assessment.read' },
      schema: {
        tags,
        summary: 'One version of a framework',
        params: byId,
        response: { 200: frameworkVersionView, 404: problem },
      },
    },
    async (request) => service.getFrameworkVersion(db, request.params.id),
  );

  app.get(
    '/api/assessments',
    {
      config: { permission: 'assessment.read' },
      schema: {
        tags,
        summary: 'Assessments the caller may see',
        querystring: listAssessmentsQuery,
        response: { 200: z.object({ items: z.array(assessmentSummary) }), 400: problem },
      },
    },
    async (request) => service.listAssessments(db, principalOf(request), request.query),
  );

  app.post(
    '/api/assessments',
    {
      config: { permission: 'assessment.write' },
      schema: {
        tags,
        summary: "Start a post's assessment of its host country for a period",
        body: createAssessmentBody,
        response: { 201: assessmentView, ...errors },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await service.createAssessment(db, callerOf(request), request.body)),
  );

  app.get(
    '/api/assessments/compare/country/:country',
    {
      config: { permission: 'assessment.read' },
      schema: {
        tags,
        summary:
          "A country's periods side by side: ratings, what changed, and the narrative saying why",
        params: z.object({ country: z.string().trim().length(2).toUpperCase() }),
        querystring: compareQuery,
        response: { 200: comparisonView, 400: problem, 404: problem },
      },
    },
    async (request) =>
      service.compareCountry(
        db,
        principalOf(request),
        request.params.country,
        request.query.framework,
      ),
  );

  app.get(
    '/api/assessments/compare/region/:regionId',
    {
      config: { permission: 'assessment.read' },
      schema: {
        tags,
        summary: "The countries of a region side by side (each country's latest assessment)",
        params: z.object({ regionId: z.coerce.number().int().positive() }),
        querystring: compareQuery,
        response: { 200: comparisonView, 400: problem, 404: problem },
      },
    },
    async (request) =>
      service.compareRegion(
        db,
        principalOf(request),
        request.params.regionId,
        request.query.framework,
      ),
  );

  app.get(
    '/api/assessments/:id',
    {
      config: { permission: 'assessment.read' },
      schema: {
        tags,
        summary: 'One assessment with its framework version, ratings and evidence',
        params: byId,
        response: { 200: assessmentView, 404: problem },
      },
    },
    async (request) => service.getAssessment(db, principalOf(request), request.params.id),
  );

  app.patch(
    '/api/assessments/:id',
    {
      config: { permission: 'assessment.write' },
      schema: {
        tags,
        summary:
          'Edit an assessment (send the version you edited); ratings given replace those indicators',
        params: byId,
        body: updateAssessmentBody,
        response: { 200: assessmentView, ...errors },
      },
    },
    async (request) =>
      service.updateAssessment(db, callerOf(request), request.params.id, request.body),
  );

  app.post(
    '/api/assessments/:id/submit',
    {
      config: { permission: 'assessment.submit' },
      schema: {
        tags,
        summary: "Submit for review (the post's approver)",
        params: byId,
        body: versionBody,
        response: { 200: assessmentView, ...errors },
      },
    },
    async (request) =>
      service.submitAssessment(db, callerOf(request), request.params.id, request.body.version),
  );

  app.post(
    '/api/assessments/:id/review',
    {
      config: { permission: 'assessment.review' },
      schema: {
        tags,
        summary:
          'Mark reviewed, or return to the post with a comment (someone who did not write it)',
        params: byId,
        body: reviewBody,
        response: { 200: assessmentView, ...errors },
      },
    },
    async (request) =>
      service.reviewAssessment(db, callerOf(request), request.params.id, request.body),
  );
};
