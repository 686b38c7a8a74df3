import { z } from 'zod';
import { ValidationError } from '../core/errors.js';
import { collectSecrets, createRedactor } from '../core/redact.js';
import { zodIssues } from '../core/validate.js';
import { connectionUrlProblem, hostProblem } from './connection-url.js';
import { misspeltSecrets, withUserAlias } from './credential-keys.js';

/*
 * Every credentials object is strict: a key it does not know is an error naming the closest valid key, so a typo
 * (`hots`, `pasword`) never drops a setting in silence. The one exception is a BigQuery service-account key, a
 * Google document handed to the driver as it is (see BigQueryServiceAccountKey).
 */

export const SslOptions = z.strictObject({
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
  /** The database to connect to; introspection reads only it unless the filters say otherwise. */
  database: z.string().min(1).optional(),
  /** Also accepted as `username` (it becomes `user`). */
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

export const PostgresCredentials = z.strictObject({ type: z.literal('postgres'), ...serverFields });
export const MysqlCredentials = z.strictObject({ type: z.literal('mysql'), ...serverFields });
export const RedshiftCredentials = z.strictObject({ type: z.literal('redshift'), ...serverFields });

export const SnowflakeCredentials = z.strictObject({
  type: z.literal('snowflake'),
  /** Account identifier, e.g. myorg-myaccount or xy12345.eu-central-1. */
  account: z.string().min(1),
  /** Also accepted as `username` (it becomes `user`). */
  user: z.string().min(1),
  authenticator: z.enum(['snowflake', 'snowflake_jwt']).default('snowflake'),
  password: z.string().optional(),
  /** PEM private key for key-pair (snowflake_jwt) authentication. */
  privateKey: z.string().optional(),
  privateKeyPassphrase: z.string().optional(),
  warehouse: z.string().optional(),
  role: z.string().optional(),
  /** The session's database; introspection reads only it unless the filters say otherwise. */
  database: z.string().optional(),
  schema: z.string().optional(),
  /** Full base URL, e.g. for a proxy or a test server: https://myaccount.snowflakecomputing.com. */
  accessUrl: z.string().url().optional(),
  connectTimeoutMs,
});

/**
 * A Google service-account key file as Google writes it. Left open on purpose: the driver (google-auth-library)
 * reads more of its fields than these (type, token_uri, universe_domain, ...), Google adds fields over time, and a
 * key is pasted as downloaded, not typed by hand. A misspelt required field still fails as missing.
 */
export const BigQueryServiceAccountKey = z.looseObject({
  client_email: z.string().min(1),
  private_key: z.string().min(1),
  project_id: z.string().optional(),
});

export const BigQueryCredentials = z.strictObject({
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

export const SqlServerCredentials = z.strictObject({
  type: z.literal('sqlserver'),
  ...serverFields,
  /** Named instance (resolved through SQL Browser when no port is given). */
  instance: z.string().optional(),
  /** true: TLS; 'strict': TDS 8.0 (TLS before PRELOGIN). @default true */
  encrypt: z.union([z.boolean(), z.literal('strict')]).default(true),
  trustServerCertificate: z.boolean().default(false),
});

export const DatabricksCredentials = z.strictObject({
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

export const DuckDbCredentials = z.strictObject({
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

/** The credentials union without the alias step; CredentialsOrReference nests it (a union option must be one). */
export const CheckedCredentials = CredentialsUnion.superRefine((value, ctx) => {
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

/**
 * Connection settings for any supported engine, discriminated on `type`. Strict: an unknown key is an error naming
 * the closest valid one; `username` is accepted as an alias of `user` where the engine has a user.
 */
export const Credentials = z.preprocess<unknown, typeof CheckedCredentials, CredentialsInput>(
  withUserAlias,
  CheckedCredentials,
);
export type Credentials = z.infer<typeof CheckedCredentials>;
/** What callers may write: the validated fields before defaults, plus the `username` alias where there is a user. */
export type CredentialsInput = WithUserAlias<z.input<typeof CheckedCredentials>>;
type WithUserAlias<T> = T extends { type: 'postgres' | 'mysql' | 'redshift' | 'sqlserver' | 'snowflake' }
  ? T & { /** Alias of `user`. */ username?: string }
  : T;
export type CredentialsOf<T extends Credentials['type']> = Extract<Credentials, { type: T }>;

/** Validates credentials; throws ValidationError (INVALID_INPUT) naming every bad field, with no secret in it. */
export function parseCredentials(input: unknown): Credentials {
  const parsed = Credentials.safeParse(input);
  if (parsed.success) return parsed.data;
  const redactor = createRedactor(credentialSecrets(input));
  const issues = zodIssues(parsed.error, Credentials, input).map((issue) => ({
    ...issue,
    message: redactor.redactText(issue.message),
  }));
  throw new ValidationError('credentials', issues);
}

const knownFields = new Set([...CredentialsUnion.options, SslOptions].flatMap((schema) => Object.keys(schema.shape)));

/** Credentials with every secret masked: safe to log or return. */
export function redactCredentials<T>(credentials: T): T {
  return createRedactor(collectSecrets(credentials)).redact(credentials);
}

/**
 * Every secret value in the credentials (password, token, private key, key JSON, and inside URL-like fields such as
 * url, host and path: user-info passwords and secret query parameters), for a redactor.
 */
export function credentialSecrets(credentials: unknown): string[] {
  return collectSecrets(credentials, misspeltSecrets(credentials, knownFields));
}
