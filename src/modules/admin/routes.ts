// HTTP routes for administration (users, posts) and the reference lists every page needs.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Database } from '../../db/connection.ts';
import { actorOf } from '../../http/access.ts';
import { problem } from '../auth/schemas.ts';
import * as admin from './service.ts';
import {
  countryView,
  createPostBody,
  createUserBody,
  postView,
  regionView,
  resetPasswordBody,
  setRolesBody,
  updatePostBody,
  updateUserBody,
  userView,
} from './schemas.ts';

const items = <T extends z.ZodType>(item: T) => z.object({ items: z.array(item) });
const userId = z.object({ id: z.uuid() });
const postId = z.object({ id: z.coerce.number().int().positive() });

export const adminRoutes: FastifyPluginAsyncZod<{ db: Database }> = async (app, { db }) => {
  app.get(
    '/api/admin/users',
    {
      config: { permission: 'users.read' },
      schema: {
        tags: ['admin'],
        summary: 'All users with their roles',
        response: { 200: items(userView) },
      },
    },
    async () => ({ items: await admin.listUsers(db) }),
  );

  app.post(
    '/api/admin/users',
    {
      config: { permission: 'users.manage' },
      schema: {
        tags: ['admin'],
        summary: 'Create a user',
        body: createUserBody,
        response: { 201: userView, 400: problem },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await admin.createUser(db, actorOf(request), request.body)),
  );

  app.patch(
    '/api/admin/users/:id',
    {
      config: { permission: 'users.manage' },
      schema: {
        tags: ['admin'],
        summary: 'Edit or (de)activate a user',
        params: userId,
        body: updateUserBody,
        response: { 200: userView, 409: problem },
      },
    },
    async (request) => admin.updateUser(db, actorOf(request), request.params.id, request.body),
  );

  app.put(
    '/api/admin/users/:id/roles',
    {
      config: { permission: 'users.manage' },
      schema: {
        tags: ['admin'],
        summary: "Replace a user's roles",
        params: userId,
        body: setRolesBody,
        response: { 200: userView, 409: problem },
      },
    },
    async (request) => admin.setUserRoles(db, actorOf(request), request.params.id, request.body),
  );

  app.post(
    '/api/admin/users/:id/reset-password',
    {
      config: { permission: 'users.manage' },
      schema: {
        tags: ['admin'],
        summary: 'Set a temporary password the user must change',
        params: userId,
        body: resetPasswordBody,
        response: { 204: z.null() },
      },
    },
    async (request, reply) => {
      await admin.resetUserPassword(db, actorOf(request), request.params.id, request.body.password);
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/api/posts',
    {
      config: { permission: 'reference.read' },
      schema: {
        tags: ['reference'],
        summary: 'Posts (embassies, consulates, missions)',
        response: { 200: items(postView) },
      },
    },
    async () => ({ items: await admin.listPosts(db) }),
  );

  app.post(
    '/api/admin/posts',
    {
      config: { permission: 'posts.manage' },
      schema: {
        tags: ['admin'],
        summary: 'Add a post',
        body: createPostBody,
        response: { 201: postView, 400: problem },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await admin.createPost(db, actorOf(request), request.body)),
  );

  app.patch(
    '/api/admin/posts/:id',
    {
      config: { permission: 'posts.manage' },
      schema: {
        tags: ['admin'],
        summary: 'Edit a post',
        params: postId,
        body: updatePostBody,
        response: { 200: postView, 409: problem },
      },
    },
    async (request) => admin.updatePost(db, actorOf(request), request.params.id, request.body),
  );

  app.get(
    '/api/reference/regions',
    {
      config: { permission: 'reference.read' },
      schema: {
        tags: ['reference'],
        summary: 'Regional bureaus',
        response: { 200: items(regionView) },
      },
    },
    async () => ({ items: await admin.listRegions(db) }),
  );

  app.get(
    '/api/reference/countries',
    {
      config: { permission: 'reference.read' },
      schema: {
        tags: ['reference'],
        summary: 'ISO 3166-1 countries with their bureau',
        response: { 200: items(countryView) },
      },
    },
    async () => ({ items: await admin.listCountries(db) }),
  );
};
