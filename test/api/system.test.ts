// What an operator and an integrator see without signing in: health, docs, headers.
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachBackend } from '../helpers/backends.ts';
import { buildTestApp } from '../helpers/app.ts';

describeEachBackend('system endpoints', (getDb) => {
  let app: FastifyInstance;
  beforeAll(async () => {
    app = await buildTestApp(getDb().handle);
  });
  afterAll(() => app?.close());

  it('reports health and readiness', async () => {
    expect((await app.inject('/healthz')).json()).toEqual({ status: 'ok' });
    expect((await app.inject('/readyz')).json()).toEqual({ status: 'ready' });
  });

  it('says which backend runs and that the data is not synthetic', async () => {
    const info = (await app.inject('/api/system/info')).json();
    expect(info).toMatchObject({ name: 'Rapporteur', backend: getDb().kind, syntheticData: false });
  });

  it('publishes an OpenAPI document generated from the route schemas', async () => {
    const res = await app.inject('/api/docs/json');
    expect(res.statusCode).toBe(200);
    const doc = res.json();
    expect(doc.openapi).toMatch(/^3\./);
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining(['/api/auth/login', '/api/admin/users', '/api/posts']),
    );
    const createUser = doc.paths['/api/admin/users'].post;
    expect(createUser.requestBody.content['application/json'].schema.required).toEqual(
      expect.arrayContaining(['username', 'displayName', 'password', 'roles']),
    );
    expect((await app.inject('/api/docs')).statusCode).toBeLessThan(400);
  });

  it('sends security headers and no caching of API answers', async () => {
    const res = await app.inject('/api/system/info');
    expect(res.headers['content-security-policy']).toMatch(/frame-ancestors 'none'/);
    // Styles only from the app's own files: no inline <style> or style="" attribute.
    expect(res.headers['content-security-policy']).toMatch(/style-src 'self';/);
    expect(res.headers['content-security-policy']).not.toMatch(/unsafe-inline/);
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['strict-transport-security']).toMatch(/max-age=31536000/);
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.headers['x-request-id']).toBeTruthy();
  });

  it('answers unknown API paths with problem+json', async () => {
    const res = await app.inject('/api/nothing-here');
    expect(res.statusCode).toBe(404);
    expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
  });
});
