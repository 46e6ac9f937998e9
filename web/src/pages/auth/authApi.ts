// Calls for sign-in options, second factors, sessions and the sign-in settings.
import { request, type Me } from '../../api.ts';

export interface SignInOptions {
  localLogin: boolean;
  breakGlass: boolean;
  oidc: { name: string; available: boolean } | null;
  systemNotice: string;
}

export interface FactorStatus {
  totp: boolean;
  recoveryCodesLeft: number;
  webauthn: { id: string; name: string; createdAt: string; lastUsedAt: string | null }[];
  required: boolean;
}

export interface StepResult {
  user: Me | null;
  recoveryCodes: string[];
}

export interface SessionRow {
  id: string;
  createdAt: string;
  lastSeenAt: string;
  expiresAt: string;
  ip: string | null;
  userAgent: string | null;
  stage: 'full' | 'mfa' | 'enrol';
  method: string;
  current: boolean;
}

export interface SignInSettings {
  mfaRequired: 'off' | 'all' | 'protected';
  systemNotice: string;
  version: number;
}

export const authApi = {
  options: () => request<SignInOptions>('GET', '/api/auth/options'),
  factors: () => request<FactorStatus>('GET', '/api/auth/mfa'),
  totpSetup: () =>
    request<{ secret: string; uri: string; qrCode: string }>('POST', '/api/auth/mfa/totp/setup'),
  totpConfirm: (code: string) =>
    request<StepResult>('POST', '/api/auth/mfa/totp/confirm', { code }),
  totpVerify: (code: string) => request<StepResult>('POST', '/api/auth/mfa/totp/verify', { code }),
  totpRemove: (currentPassword: string) =>
    request<void>('POST', '/api/auth/mfa/totp/remove', { currentPassword }),
  recoveryVerify: (code: string) =>
    request<StepResult>('POST', '/api/auth/mfa/recovery/verify', { code }),
  recoveryRenew: (currentPassword: string) =>
    request<{ recoveryCodes: string[] }>('POST', '/api/auth/mfa/recovery/renew', {
      currentPassword,
    }),
  webauthnRegisterOptions: () =>
    request<Record<string, unknown>>('POST', '/api/auth/mfa/webauthn/register/options'),
  webauthnRegister: (name: string, response: unknown) =>
    request<StepResult>('POST', '/api/auth/mfa/webauthn/register', { name, response }),
  webauthnAuthOptions: () =>
    request<Record<string, unknown>>('POST', '/api/auth/mfa/webauthn/authenticate/options'),
  webauthnAuthenticate: (response: unknown) =>
    request<StepResult>('POST', '/api/auth/mfa/webauthn/authenticate', { response }),
  webauthnRemove: (id: string, currentPassword: string) =>
    request<void>('POST', `/api/auth/mfa/webauthn/${encodeURIComponent(id)}/remove`, {
      currentPassword,
    }),
  mySessions: () => request<{ items: SessionRow[] }>('GET', '/api/auth/sessions'),
  endAll: () => request<void>('POST', '/api/auth/sessions/end-all', { everywhere: true }),
  userSessions: (userId: string) =>
    request<{ items: SessionRow[] }>(
      'GET',
      `/api/admin/users/${encodeURIComponent(userId)}/sessions`,
    ),
  endUserSession: (userId: string, sessionId: string) =>
    request<void>(
      'DELETE',
      `/api/admin/users/${encodeURIComponent(userId)}/sessions/${encodeURIComponent(sessionId)}`,
    ),
  endUserSessions: (userId: string) =>
    request<void>('POST', `/api/admin/users/${encodeURIComponent(userId)}/sessions/end-all`),
  resetFactors: (userId: string) =>
    request<void>('POST', `/api/admin/users/${encodeURIComponent(userId)}/mfa/reset`),
  settings: () => request<SignInSettings>('GET', '/api/admin/settings/sign-in'),
  saveSettings: (settings: SignInSettings) =>
    request<SignInSettings>('PUT', '/api/admin/settings/sign-in', settings),
};

/** Only same-site paths are followed after sign-in, never another origin. */
export function safeNext(next: string | null): string {
  return next && next.startsWith('/') && !next.startsWith('//') && !next.startsWith('/\\')
    ? next
    : '/';
}

export function describeBrowser(userAgent: string | null): string {
  if (!userAgent) return 'unknown browser';
  const m = /(Firefox|Edg|Chrome|Safari)\/[\d.]+/.exec(userAgent);
  return m ? m[0].replace('Edg/', 'Edge/') : userAgent.slice(0, 60);
}
