// Every setting of Opsdesk, read once at boot from environment variables (and an optional JSON
// file named by OPSDESK_CONFIG_FILE, whose keys are the same variable names; the environment
// wins). A wrong value stops the process with a message naming the variable.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { z } from 'zod';

const bool = z
  .enum(['1', '0', 'true', 'false', 'yes', 'no', 'on', 'off'])
  .transform((value) => ['1', 'true', 'yes', 'on'].includes(value));
const port = z.coerce.number().int().min(0).max(65535);
const positiveInt = z.coerce.number().int().positive();

/** The settings, their defaults and what they mean (the README's table is generated from this). */
export const settings = {
  OPSDESK_HOST: { schema: z.string().min(1).default('127.0.0.1'), doc: 'Address the HTTP server binds to.' },
  OPSDESK_PORT: { schema: port.default(8080), doc: 'HTTP port of the web app and the API.' },
  OPSDESK_PUBLIC_URL: {
    schema: z.url().optional(),
    doc: 'Public base URL used in links (emails, chat). Default: http://OPSDESK_HOST:OPSDESK_PORT.',
  },
  OPSDESK_DATA_DIR: {
    schema: z.string().min(1).default('./data'),
    doc: 'Where Opsdesk keeps its data: the embedded PostgreSQL cluster, its credentials, the secret key.',
  },
  DATABASE_URL: {
    schema: z
      .string()
      .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// URL')
      .optional(),
    doc: 'A PostgreSQL ≥ 15 server to use instead of the embedded one. Unset: Opsdesk starts its own.',
  },
  OPSDESK_DB_POOL_SIZE: { schema: positiveInt.max(500).default(10), doc: 'Connections per process.' },
  OPSDESK_DB_PREPARE: {
    schema: z.enum(['on', 'off']).default('on'),
    doc: 'Send the statements a process repeats as server-side prepared statements (parsed and planned once per connection). off: for a transaction-pooling proxy that cannot keep them.',
  },
  OPSDESK_DEMO: {
    schema: z.enum(['auto', '1', '0', 'true', 'false']).default('auto'),
    doc: 'Seed the demo organisation: auto = when the database has no users yet; 1 = always ensure it; 0 = never.',
  },
  OPSDESK_DEMO_PASSWORD: {
    schema: z.string().min(8, 'must have at least 8 characters').optional(),
    secret: true,
    doc: 'Password of the demo users. Unset: one is generated and printed once.',
  },
  OPSDESK_SECRET_KEY: {
    schema: z
      .string()
      .regex(/^[A-Za-z0-9+/_-]{43,}={0,2}$/, 'must be at least 32 random bytes, base64-encoded')
      .optional(),
    secret: true,
    doc: 'Key that encrypts stored secrets and signs links (base64, 32 bytes). Unset: generated into the data dir.',
  },
  OPSDESK_LOG_LEVEL: {
    schema: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    doc: 'Log level (pino).',
  },
  OPSDESK_LOG_FORMAT: {
    schema: z.enum(['auto', 'pretty', 'json']).default('auto'),
    doc: 'Log lines: auto = readable on a terminal, JSON (one object a line) when stdout is not a terminal; pretty; json.',
  },
  OPSDESK_BODY_LIMIT: {
    schema: positiveInt.default(1_048_576),
    doc: 'Largest accepted request body in bytes.',
  },
  OPSDESK_SESSION_TTL_HOURS: {
    schema: positiveInt.default(168),
    doc: 'How long a login session lasts.',
  },
  OPSDESK_COOKIE_SECURE: {
    schema: bool.default(true),
    doc: 'Mark the session cookie Secure (browsers accept it on http://localhost and 127.0.0.1).',
  },
  OPSDESK_LOGIN_MAX_ATTEMPTS: {
    schema: positiveInt.default(10),
    doc: 'Failed logins per account or address within 15 minutes before login is refused (429).',
  },
  OPSDESK_WORKER_CONCURRENCY: {
    schema: positiveInt.max(100).default(8),
    doc: 'Jobs run at once per worker process.',
  },
  OPSDESK_WORKER_METRICS_PORT: {
    schema: port.optional(),
    doc: 'With `opsdesk worker` alone: serve /metrics on this port (job metrics).',
  },
  OPSDESK_AUTO_CLOSE_DAYS: {
    schema: z.coerce.number().min(0).default(5),
    doc: 'Days a ticket waits for the customer before it is closed automatically.',
  },
  OPSDESK_DEFAULT_TEAM: {
    schema: z
      .string()
      .regex(/^[a-z0-9][a-z0-9-]{0,62}$/)
      .default('helpdesk'),
    doc: 'Key of the team that gets tickets nobody else owns (an incident on no service, a request type without a team).',
  },
  OPSDESK_INCIDENT_AUTO_CLOSE_DAYS: {
    schema: z.coerce.number().min(0).default(3),
    doc: 'Days a resolved incident or problem stays resolved (reopened by a reporter’s comment) before it is closed automatically.',
  },
  OPSDESK_RETRY_BASE_MS: {
    schema: z.coerce.number().int().min(0).default(5000),
    doc: 'First wait before retrying a transient automation error; doubles each attempt (capped at 10 minutes).',
  },
  OPSDESK_ALLOW_PRIVATE_NETWORKS: {
    schema: bool.default(false),
    doc: 'Allow outbound connections (webhook executors, chat webhooks, AWX, the SMTP server) to loopback or private addresses (an intranet chat server, a local AWX, an internal mail relay). Off: refused, against SSRF.',
  },
  OPSDESK_NOTIFY_RETRY_BASE_MS: {
    schema: z.coerce.number().int().min(0).default(30_000),
    doc: 'First wait before retrying a notification the server did not take (SMTP down, chat 5xx); doubles each attempt (capped at 1 hour), never shorter than a Retry-After.',
  },
  OPSDESK_NOTIFY_MAX_ATTEMPTS: {
    schema: positiveInt.max(100).default(12),
    doc: 'Attempts per notification before it is logged as failed.',
  },
  OPSDESK_APPROVAL_LINK_DAYS: {
    schema: z.coerce.number().positive().max(90).default(7),
    doc: 'Days the one-click approve/decline links of an approval email stay valid.',
  },
  OPSDESK_REMINDER_HOURS_BEFORE_CLOSE: {
    schema: z.coerce.number().min(0).default(24),
    doc: 'Hours before auto-close that the requester is reminded to confirm (half-way for shorter waits; 0: no reminder).',
  },
  OPSDESK_ONCALL_MINUTE_MS: {
    schema: z.coerce.number().int().min(10).max(60_000).default(60_000),
    doc: 'How long a minute of an escalation timeout lasts (tests shorten it).',
  },
  OPSDESK_ATTACHMENT_MAX_BYTES: {
    schema: positiveInt.default(10_485_760),
    doc: 'Largest attachment (one file) in bytes; a larger one is refused with 413.',
  },
  OPSDESK_ATTACHMENT_MAX_FILES: {
    schema: positiveInt.max(100).default(10),
    doc: 'Files in one upload.',
  },
  OPSDESK_ATTACHMENT_STAGED_HOURS: {
    schema: positiveInt.max(24 * 30).default(24),
    doc: 'Hours a file uploaded ahead of a request (POST /api/v1/attachments) waits to be filed with one before it is deleted.',
  },
  OPSDESK_ATTACHMENT_STAGED_MAX_BYTES: {
    schema: positiveInt.default(104_857_600),
    doc: 'Most bytes one person may hold uploaded ahead of requests and not yet filed; an upload beyond it is refused with 413 until they file or the files expire.',
  },
  OPSDESK_ATTACHMENT_TYPES: {
    schema: z
      .string()
      .regex(
        /^\s*[a-z0-9.+-]+\/[a-z0-9.+*-]+(\s*,\s*[a-z0-9.+-]+\/[a-z0-9.+*-]+)*\s*$/,
        'a comma-separated list of media types (type/subtype, subtype may end in *)',
      )
      .default(
        'image/png,image/jpeg,image/gif,image/webp,application/pdf,text/plain,text/csv,application/json,application/zip,application/gzip,application/vnd.openxmlformats-officedocument.*,application/vnd.oasis.opendocument.*,message/rfc822',
      ),
    doc: 'Media types accepted as attachments (decided from the bytes and the file name, not the browser’s claim); others are refused with 415. HTML, SVG and scripts are never served inline whatever this says.',
  },
  OPSDESK_ATTACHMENT_S3_BUCKET: {
    schema: z.string().min(3).max(63).optional(),
    doc: 'Keep attachments in this S3-compatible bucket (credentials from the usual AWS variables or profile). Unset: in OPSDESK_DATA_DIR/attachments.',
  },
  OPSDESK_ATTACHMENT_S3_REGION: {
    schema: z.string().min(1).default('us-east-1'),
    doc: 'Region of the attachment bucket.',
  },
  OPSDESK_ATTACHMENT_S3_ENDPOINT: {
    schema: z.url().optional(),
    doc: 'Endpoint of an S3-compatible store (MinIO, Ceph, R2); path-style addressing is used with it.',
  },
  OPSDESK_ATTACHMENT_S3_PREFIX: {
    schema: z.string().max(200).default('attachments/'),
    doc: 'Key prefix of attachments in the bucket.',
  },
  OPSDESK_SANDBOX_LATENCY_MS: {
    schema: z.coerce.number().int().min(0).default(1500),
    doc: 'Simulated time the sandbox provider takes for a state change (0 in tests).',
  },
} as const;

type Settings = typeof settings;
export type SettingName = keyof Settings;
type RawConfig = { [K in SettingName]: z.output<Settings[K]['schema']> };

export interface Config {
  host: string;
  port: number;
  publicUrl: string;
  dataDir: string;
  databaseUrl: string | undefined;
  dbPoolSize: number;
  dbPrepare: boolean;
  demo: 'auto' | 'always' | 'never';
  demoPassword: string | undefined;
  secretKey: string | undefined;
  logLevel: RawConfig['OPSDESK_LOG_LEVEL'];
  logFormat: RawConfig['OPSDESK_LOG_FORMAT'];
  bodyLimit: number;
  sessionTtlHours: number;
  cookieSecure: boolean;
  loginMaxAttempts: number;
  workerConcurrency: number;
  workerMetricsPort: number | undefined;
  autoCloseDays: number;
  incidentAutoCloseDays: number;
  defaultTeam: string;
  sandboxLatencyMs: number;
  retryBaseMs: number;
  allowPrivateNetworks: boolean;
  notifyRetryBaseMs: number;
  notifyMaxAttempts: number;
  approvalLinkDays: number;
  reminderHoursBeforeClose: number;
  oncallMinuteMs: number;
  attachments: {
    maxBytes: number;
    maxFiles: number;
    stagedHours: number;
    /** Bytes one person may hold staged and unfiled. */
    stagedMaxBytes: number;
    types: string[];
    s3: { bucket: string; region: string; endpoint: string | undefined; prefix: string } | null;
  };
}

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

function readConfigFile(path: string): Record<string, string> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new ConfigError(`OPSDESK_CONFIG_FILE: cannot read ${path}: ${(error as Error).message}`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new ConfigError(`OPSDESK_CONFIG_FILE: ${path} must hold a JSON object of setting names to values`);
  }
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(parsed)) {
    if (!(key in settings)) throw new ConfigError(`OPSDESK_CONFIG_FILE: unknown setting ${key} in ${path}`);
    out[key] = String(value);
  }
  return out;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const fromFile = env.OPSDESK_CONFIG_FILE ? readConfigFile(env.OPSDESK_CONFIG_FILE) : {};
  const problems: string[] = [];
  const raw: Record<string, unknown> = {};
  for (const [name, setting] of Object.entries(settings)) {
    const given = env[name] ?? fromFile[name];
    const value = given === '' ? undefined : given;
    const result = (setting.schema as z.ZodType).safeParse(value);
    if (result.success) raw[name] = result.data;
    else problems.push(`${name}: ${result.error.issues.map((issue) => issue.message).join('; ')}`);
  }
  if (problems.length > 0) {
    throw new ConfigError(`Invalid configuration:\n  ${problems.join('\n  ')}`);
  }
  const r = raw as RawConfig;
  const demo =
    r.OPSDESK_DEMO === 'auto' ? 'auto' : ['1', 'true'].includes(r.OPSDESK_DEMO) ? 'always' : 'never';
  const publicHost = r.OPSDESK_HOST === '0.0.0.0' || r.OPSDESK_HOST === '::' ? '127.0.0.1' : r.OPSDESK_HOST;
  return {
    host: r.OPSDESK_HOST,
    port: r.OPSDESK_PORT,
    publicUrl: (r.OPSDESK_PUBLIC_URL ?? `http://${publicHost}:${r.OPSDESK_PORT}`).replace(/\/$/, ''),
    dataDir: resolve(r.OPSDESK_DATA_DIR),
    databaseUrl: r.DATABASE_URL,
    dbPoolSize: r.OPSDESK_DB_POOL_SIZE,
    dbPrepare: r.OPSDESK_DB_PREPARE === 'on',
    demo,
    demoPassword: r.OPSDESK_DEMO_PASSWORD,
    secretKey: r.OPSDESK_SECRET_KEY,
    logLevel: r.OPSDESK_LOG_LEVEL,
    logFormat: r.OPSDESK_LOG_FORMAT,
    bodyLimit: r.OPSDESK_BODY_LIMIT,
    sessionTtlHours: r.OPSDESK_SESSION_TTL_HOURS,
    cookieSecure: r.OPSDESK_COOKIE_SECURE,
    loginMaxAttempts: r.OPSDESK_LOGIN_MAX_ATTEMPTS,
    workerConcurrency: r.OPSDESK_WORKER_CONCURRENCY,
    workerMetricsPort: r.OPSDESK_WORKER_METRICS_PORT,
    autoCloseDays: r.OPSDESK_AUTO_CLOSE_DAYS,
    incidentAutoCloseDays: r.OPSDESK_INCIDENT_AUTO_CLOSE_DAYS,
    defaultTeam: r.OPSDESK_DEFAULT_TEAM,
    sandboxLatencyMs: r.OPSDESK_SANDBOX_LATENCY_MS,
    retryBaseMs: r.OPSDESK_RETRY_BASE_MS,
    allowPrivateNetworks: r.OPSDESK_ALLOW_PRIVATE_NETWORKS,
    notifyRetryBaseMs: r.OPSDESK_NOTIFY_RETRY_BASE_MS,
    notifyMaxAttempts: r.OPSDESK_NOTIFY_MAX_ATTEMPTS,
    approvalLinkDays: r.OPSDESK_APPROVAL_LINK_DAYS,
    reminderHoursBeforeClose: r.OPSDESK_REMINDER_HOURS_BEFORE_CLOSE,
    oncallMinuteMs: r.OPSDESK_ONCALL_MINUTE_MS,
    attachments: {
      maxBytes: r.OPSDESK_ATTACHMENT_MAX_BYTES,
      maxFiles: r.OPSDESK_ATTACHMENT_MAX_FILES,
      stagedHours: r.OPSDESK_ATTACHMENT_STAGED_HOURS,
      stagedMaxBytes: r.OPSDESK_ATTACHMENT_STAGED_MAX_BYTES,
      types: r.OPSDESK_ATTACHMENT_TYPES.split(',').map((type) => type.trim().toLowerCase()),
      s3: r.OPSDESK_ATTACHMENT_S3_BUCKET
        ? {
            bucket: r.OPSDESK_ATTACHMENT_S3_BUCKET,
            region: r.OPSDESK_ATTACHMENT_S3_REGION,
            endpoint: r.OPSDESK_ATTACHMENT_S3_ENDPOINT,
            prefix: r.OPSDESK_ATTACHMENT_S3_PREFIX,
          }
        : null,
    },
  };
}

/** Settings as a Markdown table, for the README (kept true by a test). */
export function settingsTable(): string {
  const rows = Object.entries(settings).map(([name, setting]) => {
    const parsed = (setting.schema as z.ZodType).safeParse(undefined);
    const fallback = parsed.success && parsed.data !== undefined ? `\`${String(parsed.data)}\`` : '—';
    return `| \`${name}\` | ${fallback} | ${setting.doc} |`;
  });
  return ['| variable | default | meaning |', '| --- | --- | --- |', ...rows].join('\n');
}
