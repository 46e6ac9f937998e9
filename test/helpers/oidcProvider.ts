// A minimal OpenID Connect provider on loopback for tests, built on jose: discovery, JWKS,
// an authorization endpoint that signs in a preset user at once, and a token endpoint that
// checks the client, the redirect URI, PKCE and single use of the code. `nextIdToken` bends
// the next ID token (wrong audience, expired, another client's) to test what the client refuses.
import { createHash, randomBytes } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { SignJWT, exportJWK, generateKeyPair, type JWK } from 'jose';

export interface TestUser {
  sub: string;
  preferred_username?: string;
  name?: string;
  email?: string;
  [claim: string]: unknown;
}

interface IssuedCode {
  clientId: string;
  redirectUri: string;
  nonce: string | null;
  challenge: string | null;
  user: TestUser;
  used: boolean;
}

export interface TestProvider {
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** Who the next authorization signs in. */
  user: TestUser;
  /** Claims merged into the next ID token only (then cleared). */
  nextIdToken: Record<string, unknown> | null;
  tokenRequests: number;
  close(): Promise<void>;
}

export async function startTestProvider(
  clientId = 'rapporteur-test',
  clientSecret = 'test-secret-that-is-long',
): Promise<TestProvider> {
  const { privateKey, publicKey } = await generateKeyPair('RS256');
  const jwk: JWK = { ...(await exportJWK(publicKey)), kid: 'k1', alg: 'RS256', use: 'sig' };
  const codes = new Map<string, IssuedCode>();
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const provider: TestProvider = {
    issuer,
    clientId,
    clientSecret,
    user: { sub: 'sub-1', preferred_username: 'jdoe', name: 'Jane Doe', email: 'jdoe@example.org' },
    nextIdToken: null,
    tokenRequests: 0,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };

  const send = (res: http.ServerResponse, status: number, body: unknown) => {
    res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' });
    res.end(JSON.stringify(body));
  };

  server.on('request', (req, res) => {
    const url = new URL(req.url ?? '/', issuer);
    if (url.pathname === '/.well-known/openid-configuration') {
      return send(res, 200, {
        issuer,
        authorization_endpoint: `${issuer}/authorize`,
        token_endpoint: `${issuer}/token`,
        jwks_uri: `${issuer}/jwks`,
        response_types_supported: ['code'],
        subject_types_supported: ['public'],
        id_token_signing_alg_values_supported: ['RS256'],
        code_challenge_methods_supported: ['S256'],
        token_endpoint_auth_methods_supported: ['client_secret_post', 'client_secret_basic'],
        scopes_supported: ['openid', 'profile', 'email'],
      });
    }
    if (url.pathname === '/jwks') return send(res, 200, { keys: [jwk] });
    if (url.pathname === '/authorize') {
      const p = url.searchParams;
      if (p.get('client_id') !== clientId || p.get('response_type') !== 'code')
        return send(res, 400, { error: 'invalid_request' });
      const code = randomBytes(16).toString('base64url');
      codes.set(code, {
        clientId,
        redirectUri: p.get('redirect_uri') ?? '',
        nonce: p.get('nonce'),
        challenge: p.get('code_challenge'),
        user: { ...provider.user },
        used: false,
      });
      const back = new URL(p.get('redirect_uri') ?? '');
      back.searchParams.set('code', code);
      if (p.get('state')) back.searchParams.set('state', p.get('state')!);
      res.writeHead(302, { location: back.href });
      return res.end();
    }
    if (url.pathname === '/token' && req.method === 'POST') {
      let raw = '';
      req.on('data', (chunk) => (raw += chunk));
      req.on('end', () => {
        void (async () => {
          provider.tokenRequests++;
          const form = new URLSearchParams(raw);
          let id = form.get('client_id');
          let secret = form.get('client_secret');
          const basic = req.headers.authorization;
          if (basic?.startsWith('Basic ')) {
            const [u, s] = Buffer.from(basic.slice(6), 'base64').toString().split(':');
            id = decodeURIComponent(u ?? '');
            secret = decodeURIComponent(s ?? '');
          }
          if (id !== clientId || secret !== clientSecret)
            return send(res, 401, { error: 'invalid_client' });
          const issued = codes.get(form.get('code') ?? '');
          if (!issued || issued.used || issued.clientId !== id)
            return send(res, 400, {
              error: 'invalid_grant',
              error_description: 'code unknown or used',
            });
          issued.used = true;
          if (issued.redirectUri !== form.get('redirect_uri'))
            return send(res, 400, { error: 'invalid_grant', error_description: 'redirect_uri' });
          const verifier = form.get('code_verifier') ?? '';
          const challenge = createHash('sha256').update(verifier).digest('base64url');
          if (!issued.challenge || challenge !== issued.challenge)
            return send(res, 400, { error: 'invalid_grant', error_description: 'PKCE' });
          const now = Math.floor(Date.now() / 1000);
          const claims: Record<string, unknown> = {
            ...issued.user,
            ...(issued.nonce ? { nonce: issued.nonce } : {}),
            auth_time: now,
            ...provider.nextIdToken,
          };
          provider.nextIdToken = null;
          const { aud, exp, iat, ...rest } = claims as {
            aud?: string | string[];
            exp?: number;
            iat?: number;
          };
          const idToken = await new SignJWT(rest)
            .setProtectedHeader({ alg: 'RS256', kid: 'k1' })
            .setIssuer(issuer)
            .setAudience(aud ?? clientId)
            .setIssuedAt(iat ?? now)
            .setExpirationTime(exp ?? now + 300)
            .sign(privateKey);
          send(res, 200, {
            access_token: randomBytes(16).toString('base64url'),
            token_type: 'Bearer',
            expires_in: 300,
            id_token: idToken,
          });
        })();
      });
      return;
    }
    send(res, 404, { error: 'not_found' });
  });
  return provider;
}
