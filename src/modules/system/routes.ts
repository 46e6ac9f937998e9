// Health, readiness, installation info and audit verification.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { BackendKind, Database } from '../../db/connection.ts';
import * as system from './service.ts';

export const systemRoutes: FastifyPluginAsyncZod<{ db: Database; backend: BackendKind }> = async (
  app,
  { db, backend },
) => {
  app.get(
    '/healthz',
    {
      config: { permission: 'public' },
      schema: {
        tags: ['system'],
        summary: 'The process is up',
        response: { 200: z.object({ status: z.literal('ok') }) },
      },
    },
    async () => ({ status: 'ok' as const }),
  );

  app.get(
    '/readyz',
    {
      config: { permission: 'public' },
      schema: {
        tags: ['system'],
        summary: 'The database answers',
        response: { 200: z.object({ status: z.literal('ready') }) },
      },
    },
    async () => {
      await system.checkReady(db);
      return { status: 'ready' as const };
    },
  );

  app.get(
    '/api/system/info',
    {
      config: { permission: 'public' },
      schema: {
        tags: ['system'],
        summary: 'Product, version, backend and whether the data is synthetic',
        response: {
          200: z.object({
            name: z.string(),
            version: z.string(),
            backend: z.enum(['pglite', 'postgres']),
            syntheticData: z.boolean(),
          }),
        },
      },
    },
    async () => system.systemInfo(db, backend),
  );

  app.get(
    '/api/admin/audit/verify',
    {
      config: { permission: 'audit.verify' },
      schema: {
        tags: ['admin'],
        summary: 'Verify the hash chain of the audit log',
        response: {
          200: z.object({
            ok: z.boolean(),
            checked: z.number(),
            firstBadSeq: z.number().nullable(),
            problem: z.string().nullable(),
          }),
        },
      },
    },
    async () => system.auditReport(db),
  );
};
