// Builds the Fastify application from the modules' route plugins: schemas in Zod, OpenAPI
// generated from them at /api/docs, problem+json errors, security headers, and the web app.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { randomUUID } from 'node:crypto';
import fastifyCookie from '@fastify/cookie';
import fastifyHelmet from '@fastify/helmet';
import fastifyRateLimit from '@fastify/rate-limit';
import fastifyStatic from '@fastify/static';
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyInstance } from 'fastify';
import {
  jsonSchemaTransform,
  serializerCompiler,
  validatorCompiler,
  type ZodTypeProvider,
} from 'fastify-type-provider-zod';
import type { Config } from './config.ts';
import type { DatabaseHandle } from './db/connection.ts';
import { registerAccessControl } from './http/access.ts';
import { requestForLog } from './http/logging.ts';
import { registerProblemHandler } from './http/problem.ts';
import { rateLimitProblem, registerExpensiveRateLimit } from './http/rateLimit.ts';
import { installValidationMessages } from './http/validationMessages.ts';
import { adminRoutes } from './modules/admin/routes.ts';
import { authRoutes } from './modules/auth/routes.ts';
import { mfaRoutes } from './modules/mfa/routes.ts';
import { oidcRoutes } from './modules/oidc/routes.ts';
import { sessionAdminRoutes } from './modules/sessions/routes.ts';
import { directiveRoutes, taskingRoutes } from './modules/directives/routes.ts';
import { duplicateRoutes } from './modules/duplicates/routes.ts';
import { engagementRoutes } from './modules/engagements/routes.ts';
import { assessmentRoutes } from './modules/assessments/routes.ts';
import { partnerRoutes } from './modules/partners/routes.ts';
import { incidentRoutes } from './modules/incidents/routes.ts';
import { registerUploadScanning, scannerOf } from './modules/attachments/antivirus.ts';
import { attachmentRoutes } from './modules/attachments/routes.ts';
import { protectedRoutes } from './modules/protected/routes.ts';
import { PROTECTED_LOG_REDACTIONS } from './modules/protected/schemas.ts';
import { incidentSearchRoutes } from './modules/incidentSearch/routes.ts';
import { iomImportRoutes } from './modules/iomImport/routes.ts';
import { statisticsRoutes } from './modules/statistics/routes.ts';
import { analyticsRoutes } from './modules/analytics/routes.ts';
import { ingestRoutes } from './modules/ingest/routes.ts';
import { justiceRoutes } from './modules/justice/routes.ts';
import { notificationRoutes } from './modules/notifications/routes.ts';
import { reportRoutes } from './modules/reports/routes.ts';
import { sourceRoutes } from './modules/sources/routes.ts';
import { systemRoutes } from './modules/system/routes.ts';
import { VERSION } from './modules/system/service.ts';

/**
 * Where the built web app is read from. RAPPORTEUR_WEB_DIST points elsewhere (a developer's
 * private build while others work in the same tree); the default is web/dist.
 */
export const webDist = path.resolve(
  process.env.RAPPORTEUR_WEB_DIST ??
    path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'web', 'dist'),
);

export interface AppOptions {
  handle: DatabaseHandle;
  config: Config;
  logger?: boolean;
}

export async function buildApp({
  handle,
  config,
  logger = true,
}: AppOptions): Promise<FastifyInstance> {
  installValidationMessages();
  const app = Fastify({
    logger: logger
      ? {
          level: config.logLevel,
          serializers: { req: requestForLog },
          // Secrets never reach the log (ASVS 16.2.5).
          redact: [
            'req.headers.cookie',
            'req.headers.authorization',
            'req.headers["x-csrf-token"]',
            'res.headers["set-cookie"]',
            // Protected victim and witness details, should a log line ever carry them.
            ...PROTECTED_LOG_REDACTIONS,
          ],
        }
      : false,
    genReqId: (req) => {
      const given = req.headers['x-request-id'];
      return typeof given === 'string' && /^[\w-]{8,64}$/.test(given) ? given : randomUUID();
    },
    requestIdHeader: false,
    trustProxy: config.trustProxy,
    bodyLimit: config.bodyLimit,
  }).withTypeProvider<ZodTypeProvider>();

  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.addHook('onSend', async (request, reply) => {
    reply.header('x-request-id', request.id);
    if (request.url.startsWith('/api/')) reply.header('cache-control', 'no-store');
  });
  registerProblemHandler(app);

  await app.register(fastifyHelmet, {
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        // No 'unsafe-inline': the built pages have no <style> element or style="" attribute;
        // React applies style props through the CSSOM, which CSP does not govern.
        styleSrc: ["'self'"],
        imgSrc: ["'self'", 'data:'],
        fontSrc: ["'self'", 'data:'],
        connectSrc: ["'self'"],
        frameAncestors: ["'none'"],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
        upgradeInsecureRequests: null,
      },
    },
    hsts: { maxAge: 31_536_000, includeSubDomains: true },
  });
  await app.register(fastifyCookie);
  registerExpensiveRateLimit(app, config);
  await app.register(fastifyRateLimit, { global: false, errorResponseBuilder: rateLimitProblem });

  await app.register(fastifySwagger, {
    openapi: {
      info: {
        title: 'Rapporteur API',
        version: VERSION,
        description: 'Every route, its permission and its schemas.',
      },
      components: {
        securitySchemes: {
          session: { type: 'apiKey', in: 'cookie', name: 'rapporteur_session' },
          token: { type: 'http', scheme: 'bearer' },
        },
      },
    },
    transform: jsonSchemaTransform,
  });
  // The docs plugin registers routes of its own: they are public reading matter.
  app.addHook('onRoute', (route) => {
    if (route.url.startsWith('/api/docs'))
      route.config = { ...(route.config ?? {}), permission: 'public' };
  });
  registerAccessControl(app, { db: handle.db, config });
  // Uploads sent as the body itself are scanned by ClamAV when RAPPORTEUR_CLAMD is set.
  registerUploadScanning(app, handle.db, scannerOf(config.clamd));

  await app.register(fastifySwaggerUi, {
    routePrefix: '/api/docs',
    uiConfig: { deepLinking: true },
    // The docs UI needs inline scripts; its pages get a CSP of their own.
    staticCSP: true,
    uiHooks: {},
  });

  await app.register(systemRoutes, { db: handle.db, backend: handle.kind });
  await app.register(authRoutes, { db: handle.db, config });
  await app.register(mfaRoutes, { db: handle.db, config });
  await app.register(oidcRoutes, { db: handle.db, config });
  await app.register(sessionAdminRoutes, { db: handle.db, config });
  await app.register(adminRoutes, { db: handle.db });
  await app.register(sourceRoutes, { db: handle.db });
  await app.register(incidentRoutes, { db: handle.db });
  await app.register(attachmentRoutes, { db: handle.db, config });
  await app.register(protectedRoutes, { db: handle.db, config });
  await app.register(incidentSearchRoutes, { db: handle.db });
  await app.register(duplicateRoutes, { db: handle.db, config });
  await app.register(engagementRoutes, { db: handle.db });
  await app.register(assessmentRoutes, { db: handle.db });
  await app.register(partnerRoutes, { db: handle.db });
  await app.register(iomImportRoutes, { db: handle.db });
  await app.register(statisticsRoutes, { db: handle.db, backend: handle.kind });
  await app.register(analyticsRoutes, { db: handle.db });
  await app.register(ingestRoutes, { db: handle.db });
  await app.register(justiceRoutes, { db: handle.db, config });
  await app.register(reportRoutes, { db: handle.db });
  await app.register(directiveRoutes, { db: handle.db });
  await app.register(taskingRoutes, { db: handle.db });
  await app.register(notificationRoutes, { db: handle.db });

  await registerWebApp(app);
  return app;
}

async function registerWebApp(app: FastifyInstance): Promise<void> {
  if (!fs.existsSync(path.join(webDist, 'index.html'))) {
    app.log.warn(`web app not built (${webDist} missing): run npm run build:web`);
    return;
  }
  // serve: false — only the sendFile helper; the one wildcard route below decides what is served.
  await app.register(fastifyStatic, { root: webDist, serve: false });
  const indexHtml = fs.readFileSync(path.join(webDist, 'index.html'), 'utf8');
  // Client-side routes: any GET that is not an API path gets the app's index page.
  app.get(
    '/*',
    { config: { permission: 'public' }, schema: { hide: true } },
    async (request, reply) => {
      if (request.url.startsWith('/api/')) {
        return reply
          .status(404)
          .type('application/problem+json')
          .send({
            type: 'about:blank',
            title: 'Not found',
            status: 404,
            detail: `No route GET ${request.url}`,
          });
      }
      const file = path.join(webDist, decodeURIComponent(request.url.split('?')[0] ?? '/'));
      if (
        file.startsWith(webDist + path.sep) &&
        fs.existsSync(file) &&
        fs.statSync(file).isFile()
      ) {
        return reply.sendFile(path.relative(webDist, file));
      }
      return reply.type('text/html').header('cache-control', 'no-store').send(indexHtml);
    },
  );
}
