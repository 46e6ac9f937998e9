// HTTP routes for attachments: list and upload (multipart/form-data, one field "file") per
// owner record, download and delete by the attachment's id. Multipart parsing is registered
// in this plugin only, so no other route accepts multipart bodies.
import fastifyMultipart from '@fastify/multipart';
import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Config } from '../../config.ts';
import type { Database } from '../../db/connection.ts';
import type { Permission } from '../../domain/policy.ts';
import { actorOf, principalOf } from '../../http/access.ts';
import { problem } from '../auth/schemas.ts';
import { scannerOf, type VirusScanner } from './antivirus.ts';
import { attachmentStoreOf, type FileStore } from './fileStore.ts';
import { attachmentView, type OwnerType } from './schemas.ts';
import * as service from './service.ts';

const byId = z.object({ id: z.uuid() });
const tags = ['attachments'];

const OWNER_ROUTES: {
  ownerType: OwnerType;
  prefix: string;
  read: Permission;
  write: Permission;
}[] = [
  {
    ownerType: 'incident',
    prefix: '/api/incidents',
    read: 'incident.read',
    write: 'incident.write',
  },
  { ownerType: 'source', prefix: '/api/sources', read: 'source.read', write: 'source.write' },
  {
    ownerType: 'engagement',
    prefix: '/api/engagements',
    read: 'engagement.read',
    write: 'engagement.write',
  },
];

/** `attachment; filename="ascii"; filename*=UTF-8''…` (RFC 6266), never an inline disposition. */
export function contentDisposition(fileName: string): string {
  const ascii = fileName.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(fileName)}`;
}

export const attachmentRoutes: FastifyPluginAsyncZod<{
  db: Database;
  config: Config;
  store?: FileStore;
  scanner?: VirusScanner;
}> = async (app, { db, config, store, scanner }) => {
  const deps: service.AttachmentDeps = {
    db,
    store: store ?? attachmentStoreOf(config.dataDir),
    maxBytes: config.attachmentMaxBytes,
    scanner: scanner ?? scannerOf(config.clamd),
    zip: {
      maxUncompressedBytes: config.attachmentMaxUnzippedBytes,
      maxRatio: 200,
      maxEntries: 10_000,
    },
  };
  await app.register(fastifyMultipart, {
    limits: { fileSize: config.attachmentMaxBytes, files: 1, fields: 0, parts: 1 },
  });
  const caller = (request: FastifyRequest) => ({
    principal: principalOf(request),
    actor: actorOf(request),
  });

  for (const owner of OWNER_ROUTES) {
    app.get(
      `${owner.prefix}/:id/attachments`,
      {
        config: { permission: owner.read },
        schema: {
          tags,
          summary: `The files attached to a ${owner.ownerType}`,
          params: byId,
          response: { 200: z.object({ items: z.array(attachmentView) }), 404: problem },
        },
      },
      async (request) => ({
        items: await service.listAttachments(
          deps,
          principalOf(request),
          owner.ownerType,
          request.params.id,
        ),
      }),
    );

    app.post(
      `${owner.prefix}/:id/attachments`,
      {
        config: { permission: owner.write },
        schema: {
          tags,
          summary: `Attach a file to a ${owner.ownerType} (multipart/form-data, field "file"; type detected from the bytes)`,
          consumes: ['multipart/form-data'],
          params: byId,
          response: {
            201: attachmentView,
            400: problem,
            403: problem,
            404: problem,
            409: problem,
            413: problem,
            415: problem,
            422: problem,
            503: problem,
          },
        },
      },
      async (request, reply) => {
        const who = caller(request);
        const part = request.isMultipart() ? await request.file() : undefined;
        const created = await service.uploadAttachment(
          deps,
          who,
          owner.ownerType,
          request.params.id,
          part && { fileName: part.filename, content: part.file },
        );
        return reply.status(201).send(created);
      },
    );
  }

  app.get(
    '/api/attachments/:id',
    {
      config: { permission: 'attachment.read' },
      schema: {
        tags,
        summary: 'Download an attachment (always as a download, never rendered inline)',
        params: byId,
        response: { 404: problem },
      },
    },
    async (request, reply) => {
      const { attachment, content } = await service.openAttachment(
        deps,
        principalOf(request),
        request.params.id,
      );
      return reply
        .header('content-type', attachment.contentType)
        .header('content-length', String(attachment.sizeBytes))
        .header('content-disposition', contentDisposition(attachment.fileName))
        .header('x-content-type-options', 'nosniff')
        .header('content-security-policy', "default-src 'none'; sandbox")
        .header('etag', `"${attachment.sha256}"`)
        .send(content as never);
    },
  );

  app.delete(
    '/api/attachments/:id',
    {
      config: { permission: 'attachment.write' },
      schema: {
        tags,
        summary: 'Delete an attachment (its stored file goes when no other attachment shares it)',
        params: byId,
        response: { 204: z.null(), 403: problem, 404: problem, 409: problem },
      },
    },
    async (request, reply) => {
      await service.deleteAttachment(deps, caller(request), request.params.id);
      return reply.status(204).send(null);
    },
  );
};
