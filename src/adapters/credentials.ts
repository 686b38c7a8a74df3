import { z } from 'zod';
import { ValidationError } from '../core/errors.js';
import { collectSecrets, createRedactor } from '../core/redact.js';
import { zodIssues } from '../core/validate.js';
import { connectionUrlProblem, hostProblem } from './connection-url.js';

export const SslOptions = z.object({
  /** disable: plain TCP; require: TLS without verification; verify-ca: check the CA; verify-full: CA and host name. */
  mode: z.enum(['disable', 'require', 'verify-ca', 'verify-full']).default('disable'),
  /** PEM CA certificate(s). */
  ca: z.string().optional(),
  /** PEM client certificate. */
  cert: z.string().optional(),
  /** PEM client private key. */
  key: z.string().optional(),
});
export type SslOptions = z.infer<typeof SslOptions>;

const port = z.coerce.number().int().min(1).max(65535);
const connectTimeoutMs = z.number().int().positive().max(600_000).default(10_000);

/** Shared by the server databases: host/port/database/user/password or a connection URL. */
const serverFields = {
  host: z.string().min(1).optional(),
  port: port.optional(),
  database: z.string().min(1).optional(),
  user: z.string().min(1).optional(),
  password: z.string().optional(),
  /** Alternative to host/port/database/user/password, e.g. postgres://user:pass@host:5432/db. */
  url: z.string().min(1).optional(),
  ssl: SslOptions.optional(),
  /** @default 10000 */
  connectTimeoutMs,
  /** Name shown in the server's session list. @default 'datatasks' */
  applicationName: z.string().default('datatasks'),
};

export const PostgresCredentials = z.object({ type: z.literal('postgres'), ...serverFields });
export const MysqlCredentials = z.object({ type: z.literal('mysql'), ...serverFields });
export const RedshiftCredentials = z.object({ type: z.literal('redshift'), ...serverFields });

export const SnowflakeCredentials = z.object({
  type: z.literal('snowflake'),
  /** Account identifier, e.g. myorg-myaccount or xy12345.eu-central-1. */
  account: z.string().min(1),
  user: z.string().min(1),
  authenticator: z.enum(['snowflake', 'snowflake_jwt']).default('snowflake'),
  password: z.string().optional(),
  /** PEM private key for key-pair (snowflake_jwt) authentication. */
  privateKey: z.string().optional(),
  privateKeyPassphrase: z.string().optional(),
  warehouse: z.string().optional(),
  role: z.string().optional(),
  database: z.string().optional(),
  schema: z.string().optional(),
  /** Full base URL, e.g. for a proxy or a test server: https://myaccount.snowflakecomputing.com. */
  accessUrl: z.string().url().optional(),
  connectTimeoutMs,
});

export const BigQueryServiceAccountKey = z
  .object({ client_email: z.string().min(1), private_key: z.string().min(1), project_id: z.string().optional() })
  .passthrough();

export const BigQueryCredentials = z.object({
  type: z.literal('bigquery'),
  projectId: z.string().min(1),
  /** Dataset location, e.g. US, EU, europe-west1. @default 'US' */
  location: z.string().default('US'),
  /** Service-account key: the parsed object, its JSON text, or a path to the JSON file. */
  serviceAccountKey: z.union([BigQueryServiceAccountKey, z.string().min(1)]).optional(),
  /** OAuth 2 access token obtained elsewhere (a user's consent flow, workload identity); instead of a key. */
  accessToken: z.string().min(1).optional(),
  /** Datasets to read; all the project's when absent. */
  datasets: z.array(z.string()).optional(),
  /** API base URL (tests, private endpoints). */
  apiEndpoint: z.string().url().optional(),
  connectTimeoutMs,
});

export const SqlServerCredentials = z.object({
  type: z.literal('sqlserver'),
  ...serverFields,
  /** Named instance (resolved through SQL Browser when no port is given). */
  instance: z.string().optional(),
  /** true: TLS; 'strict': TDS 8.0 (TLS before PRELOGIN). @default true */
  encrypt: z.union([z.boolean(), z.literal('strict')]).default(true),
  trustServerCertificate: z.boolean().default(false),
});

export const DatabricksCredentials = z.object({
  type: z.literal('databricks'),
  /** Workspace host name, e.g. dbc-1234.cloud.databricks.com. */
  host: z.string().min(1),
  port: port.default(443),
  /** SQL warehouse HTTP path, e.g. /sql/1.0/warehouses/abc. */
  httpPath: z.string().min(1),
  token: z.string().min(1),
  /** Unity Catalog catalog to read; all visible catalogs when absent. */
  catalog: z.string().optional(),
  schema: z.string().optional(),
  /** PEM CA for private endpoints and tests. */
  ca: z.string().optional(),
  connectTimeoutMs,
});

export const DuckDbCredentials = z.object({
  type: z.literal('duckdb'),
  /** Database file, or ':memory:'. @default ':memory:' */
  path: z.string().min(1).default(':memory:'),
  readOnly: z.boolean().default(false),
});

const CredentialsUnion = z.discriminatedUnion('type', [
  PostgresCredentials,
  MysqlCredentials,
  RedshiftCredentials,
  SnowflakeCredentials,
  BigQueryCredentials,
  SqlServerCredentials,
  DatabricksCredentials,
  DuckDbCredentials,
]);

const serverTypes = new Set(['postgres', 'mysql', 'redshift', 'sqlserver']);

/** Connection settings for any supported engine, discriminated on `type`. */
export const Credentials = CredentialsUnion.superRefine((value, ctx) => {
  const host = (value as { host?: unknown }).host;
  const badHost = typeof host === 'string' ? hostProblem(host) : undefined;
  if (badHost) ctx.addIssue({ code: 'custom', path: ['host'], message: badHost });
  if (serverTypes.has(value.type)) {
    const server = value as z.infer<typeof PostgresCredentials>;
    if (!server.url && !server.host) {
      ctx.addIssue({ code: 'custom', path: ['host'], message: `host is required for ${value.type} (or give url)` });
    }
    const badUrl = server.url ? connectionUrlProblem(server.url) : undefined;
    if (badUrl) ctx.addIssue({ code: 'custom', path: ['url'], message: badUrl });
  }
  if (value.type === 'snowflake') {
    if (value.authenticator === 'snowflake' && !value.password) {
      ctx.addIssue({
        code: 'custom',
        path: ['password'],
        message: 'password is required with authenticator "snowflake"',
      });
    }
    if (value.authenticator === 'snowflake_jwt' && !value.privateKey) {
      ctx.addIssue({
        code: 'custom',
        path: ['privateKey'],
        message: 'privateKey is required with authenticator "snowflake_jwt"',
      });
    }
  }
});
export type Credentials = z.infer<typeof Credentials>;
export type CredentialsInput = z.input<typeof Credentials>;
export type CredentialsOf<T extends Credentials['type']> = Extract<Credentials, { type: T }>;

/** Validates credentials; throws ValidationError (INVALID_INPUT) naming every bad field, with no secret in it. */
export function parseCredentials(input: unknown): Credentials {
  const parsed = Credentials.safeParse(input);
  if (parsed.success) return parsed.data;
  const redactor = createRedactor(collectSecrets(input));
  const issues = zodIssues(parsed.error).map((issue) => ({ ...issue, message: redactor.redactText(issue.message) }));
  throw new ValidationError('credentials', issues);
}

/** Credentials with every secret masked: safe to log or return. */
export function redactCredentials<T>(credentials: T): T {
  return createRedactor(collectSecrets(credentials)).redact(credentials);
}

/**
 * Every secret value in the credentials (password, token, private key, key JSON, and inside URL-like fields such as
 * url, host and path: user-info passwords and secret query parameters), for a redactor.
 */
export function credentialSecrets(credentials: unknown): string[] {
  return collectSecrets(credentials);
}
