// Configuration from the environment, validated once at start so a typo fails loudly.
import path from 'node:path';
import { z } from 'zod';

const bool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

const envSchema = z.object({
  DATABASE_URL: z.string().min(1).optional(),
  DATABASE_POOL_MAX: z.coerce.number().int().min(1).max(200).default(10),
  RAPPORTEUR_DATA_DIR: z.string().min(1).default('./data'),
  PORT: z.coerce.number().int().min(0).max(65535).default(8080),
  HOST: z.string().default('0.0.0.0'),
  RAPPORTEUR_ADMIN_PASSWORD: z.string().min(12).optional(),
  RAPPORTEUR_TRUST_PROXY: bool.default(false),
  RAPPORTEUR_SESSION_IDLE_MINUTES: z.coerce.number().int().min(1).default(30),
  RAPPORTEUR_SESSION_ABSOLUTE_HOURS: z.coerce.number().int().min(1).default(12),
  RAPPORTEUR_BODY_LIMIT_BYTES: z.coerce.number().int().min(1024).default(1_048_576),
  RAPPORTEUR_LOGIN_RATE_PER_MINUTE: z.coerce.number().int().min(1).default(20),
  // Search, export, import and analytics requests per user and minute (src/http/rateLimit.ts).
  RAPPORTEUR_EXPENSIVE_RATE_PER_MINUTE: z.coerce.number().int().min(1).default(600),
  // Single sign-on (OpenID Connect) and local sign-in; see docs/authentication.md.
  OIDC_ISSUER: z.url().optional(),
  OIDC_CLIENT_ID: z.string().min(1).optional(),
  OIDC_CLIENT_SECRET: z.string().min(1).optional(),
  OIDC_REDIRECT_URI: z.url().optional(),
  OIDC_ROLES_CLAIM: z.string().min(1).optional(),
  OIDC_PROVIDER_NAME: z.string().min(1).default('your organisation'),
  LOCAL_LOGIN: z.enum(['on', 'off']).default('on'),
  LOCAL_LOGIN_BREAK_GLASS: z.string().default(''),
  RAPPORTEUR_PUBLIC_URL: z.url().optional(),
  // E-mail of notifications (directives); the job worker runs in every app instance.
  SMTP_URL: z.url().optional(),
  RAPPORTEUR_MAIL_FROM: z.string().min(3).default('Rapporteur <rapporteur@localhost>'),
  RAPPORTEUR_WORKER: bool.default(true),
  RAPPORTEUR_WORKER_POLL_MS: z.coerce.number().int().min(50).default(2000),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  RAPPORTEUR_ATTACHMENT_MAX_BYTES: z.coerce.number().int().min(1024).default(26_214_400),
  RAPPORTEUR_ATTACHMENT_MAX_UNZIPPED_BYTES: z.coerce.number().int().min(1024).default(262_144_000),
  // ClamAV daemon that scans every upload (tcp://host:port or a socket path); unset = no scan.
  RAPPORTEUR_CLAMD: z
    .string()
    .regex(
      /^(tcp:\/\/.+:\d{1,5}\/?|unix:\/\/\/.+|\/.+)$/,
      'must be tcp://host:port or a socket path',
    )
    .optional(),
  // Sentencing comparison: fewest custodial sentences each side needs before a difference is stated.
  SENTENCING_MIN_CASES: z.coerce.number().int().min(2).default(30),
  // Base64 of 32 random bytes: the key protected victim details are encrypted with.
  RAPPORTEUR_DATA_KEY: z
    .string()
    .refine((v) => Buffer.from(v, 'base64').length === 32, 'must be base64 of exactly 32 bytes')
    .optional(),
  // Older data keys, comma-separated, readable until `rapporteur keys rotate` re-encrypts.
  RAPPORTEUR_DATA_KEY_PREVIOUS: z.string().optional(),
});

export type Config = {
  databaseUrl: string | undefined;
  poolMax: number;
  dataDir: string;
  port: number;
  host: string;
  adminPassword: string | undefined;
  trustProxy: boolean;
  sessionIdleMinutes: number;
  sessionAbsoluteHours: number;
  bodyLimit: number;
  loginRatePerMinute: number;
  expensiveRatePerMinute: number;
  oidc:
    | {
        issuer: string;
        clientId: string;
        clientSecret: string;
        redirectUri: string;
        rolesClaim: string | undefined;
        providerName: string;
      }
    | undefined;
  /** Password sign-in for everyone, or (off) only for the break-glass user names. */
  localLogin: boolean;
  breakGlassUsers: string[];
  /** Origin the browser sees (WebAuthn relying party); derived from the request when unset. */
  publicUrl: string | undefined;
  logLevel: z.infer<typeof envSchema>['LOG_LEVEL'];
  attachmentMaxBytes: number;
  attachmentMaxUnzippedBytes: number;
  /** ClamAV daemon (RAPPORTEUR_CLAMD) that scans uploads; unset = uploads are not scanned. */
  clamd: string | undefined;
  dataKey: string | undefined;
  previousDataKeys: string | undefined;
  /** Each side of a sentencing comparison needs this many custodial sentences (docs/sentencing.md). */
  sentencingMinCases: number;
  smtpUrl: string | undefined;
  mailFrom: string;
  /** Run the job worker (notification e-mail, due-date reminders) in this instance. */
  worker: boolean;
  workerPollMs: number;
};

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new Error(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  return {
    databaseUrl: e.DATABASE_URL,
    poolMax: e.DATABASE_POOL_MAX,
    dataDir: path.resolve(e.RAPPORTEUR_DATA_DIR),
    port: e.PORT,
    host: e.HOST,
    adminPassword: e.RAPPORTEUR_ADMIN_PASSWORD,
    trustProxy: e.RAPPORTEUR_TRUST_PROXY,
    sessionIdleMinutes: e.RAPPORTEUR_SESSION_IDLE_MINUTES,
    sessionAbsoluteHours: e.RAPPORTEUR_SESSION_ABSOLUTE_HOURS,
    bodyLimit: e.RAPPORTEUR_BODY_LIMIT_BYTES,
    loginRatePerMinute: e.RAPPORTEUR_LOGIN_RATE_PER_MINUTE,
    expensiveRatePerMinute: e.RAPPORTEUR_EXPENSIVE_RATE_PER_MINUTE,
    oidc: oidcConfig(e),
    localLogin: e.LOCAL_LOGIN === 'on',
    breakGlassUsers: e.LOCAL_LOGIN_BREAK_GLASS.split(',')
      .map((u) => u.trim().toLowerCase())
      .filter(Boolean),
    publicUrl: e.RAPPORTEUR_PUBLIC_URL?.replace(/\/$/, ''),
    logLevel: e.LOG_LEVEL,
    attachmentMaxBytes: e.RAPPORTEUR_ATTACHMENT_MAX_BYTES,
    attachmentMaxUnzippedBytes: e.RAPPORTEUR_ATTACHMENT_MAX_UNZIPPED_BYTES,
    clamd: e.RAPPORTEUR_CLAMD,
    dataKey: e.RAPPORTEUR_DATA_KEY,
    previousDataKeys: e.RAPPORTEUR_DATA_KEY_PREVIOUS,
    sentencingMinCases: e.SENTENCING_MIN_CASES,
    smtpUrl: e.SMTP_URL,
    mailFrom: e.RAPPORTEUR_MAIL_FROM,
    worker: e.RAPPORTEUR_WORKER,
    workerPollMs: e.RAPPORTEUR_WORKER_POLL_MS,
  };
}

function oidcConfig(e: z.infer<typeof envSchema>): Config['oidc'] {
  const { OIDC_ISSUER, OIDC_CLIENT_ID, OIDC_CLIENT_SECRET, OIDC_REDIRECT_URI } = e;
  if (!OIDC_ISSUER) return undefined;
  if (!OIDC_CLIENT_ID || !OIDC_CLIENT_SECRET || !OIDC_REDIRECT_URI)
    throw new Error(
      'Invalid configuration:\n  OIDC_ISSUER is set, so OIDC_CLIENT_ID, OIDC_CLIENT_SECRET and OIDC_REDIRECT_URI are needed too',
    );
  return {
    issuer: OIDC_ISSUER,
    clientId: OIDC_CLIENT_ID,
    clientSecret: OIDC_CLIENT_SECRET,
    redirectUri: OIDC_REDIRECT_URI,
    rolesClaim: e.OIDC_ROLES_CLAIM,
    providerName: e.OIDC_PROVIDER_NAME,
  };
}
