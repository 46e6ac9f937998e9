// HTTP routes for the caller's own in-app notifications: the list with the unread count, and
// marking some or all read.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Database } from '../../db/connection.ts';
import { principalOf } from '../../http/access.ts';
import { problem } from '../auth/schemas.ts';
import * as service from './service.ts';

const tags = ['notifications'];
const notificationView = z.object({
  id: z.uuid(),
  kind: z.string(),
  title: z.string(),
  body: z.string(),
  link: z.string().nullable(),
  readAt: z.date().nullable(),
  createdAt: z.date(),
});

export const notificationRoutes: FastifyPluginAsyncZod<{ db: Database }> = async (app, { db }) => {
  app.get(
    '/api/notifications',
    {
      config: { permission: 'authenticated' },
      schema: {
        tags,
        summary: 'My latest notifications and how many are unread',
        response: { 200: z.object({ items: z.array(notificationView), unread: z.number() }) },
      },
    },
    async (request) => service.listNotifications(db, principalOf(request).userId),
  );

  app.post(
    '/api/notifications/read',
    {
      config: { permission: 'self.manage' },
      schema: {
        tags,
        summary: 'Mark my notifications read (the given ones, or all)',
        body: z.strictObject({ ids: z.array(z.uuid()).max(500).optional() }),
        response: { 200: z.object({ unread: z.number() }), 400: problem },
      },
    },
    async (request) => service.markRead(db, principalOf(request).userId, request.body.ids ?? 'all'),
  );
};
