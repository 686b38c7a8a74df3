import { ValidationError } from '../../core/errors.js';
import type { AdapterFactoryOptions } from '../adapter.js';
import type { CredentialsOf } from '../credentials.js';

export type BigQueryCredentials = CredentialsOf<'bigquery'>;

export interface BigQueryRequest {
  method?: 'GET' | 'POST';
  /** Path below /projects/{projectId}, e.g. /queries. */
  uri: string;
  json?: unknown;
  qs?: Record<string, string | number | boolean | undefined>;
}

/** The part of `@google-cloud/bigquery`'s client the adapter uses: its authenticated, project-scoped request. */
export interface BigQueryClientLike {
  request(request: BigQueryRequest, callback: (error: Error | null, body?: unknown) => void): void;
}

export interface BigQueryModule {
  BigQuery: new (options: Record<string, unknown>) => BigQueryClientLike;
}

/** Anything google-auth-library accepts as an auth client: OAuth2Client, ExternalAccountClient, Impersonated ... */
export interface BigQueryAuthClient {
  getRequestHeaders(url?: string): Promise<unknown>;
}

/**
 * Factory options of the BigQuery adapter (`driver` is the `@google-cloud/bigquery` module). Beyond the shared ones: an auth client (workload identity, a user's
 * OAuth2Client) used instead of the credentials' key or token, and driver-level retries.
 */
export interface BigQueryAdapterOptions extends AdapterFactoryOptions {
  authClient?: BigQueryAuthClient;
  /** Retries of rate-limit and 5xx replies inside the driver. @default 0 (the task runner retries whole tasks) */
  maxRetries?: number;
}

/** Sends a fixed OAuth access token; refreshing it is the caller's business. */
function staticTokenClient(accessToken: string): BigQueryAuthClient {
  return { getRequestHeaders: async () => new Headers({ authorization: `Bearer ${accessToken}` }) };
}

/** How the service-account key reaches the driver: parsed JSON as `credentials`, anything else as a key file path. */
function keyOptions(key: BigQueryCredentials['serviceAccountKey']): Record<string, unknown> {
  if (key === undefined) return {};
  if (typeof key === 'object') return { credentials: key };
  const text = key.trim();
  if (!text.startsWith('{')) return { keyFilename: text };
  try {
    return { credentials: JSON.parse(text) as unknown };
  } catch {
    // JSON.parse quotes the text it failed on, and the text is a private key: no cause, no excerpt.
    throw new ValidationError('credentials', [
      { path: 'serviceAccountKey', message: 'serviceAccountKey is neither valid JSON nor a file path', code: 'custom' },
    ]);
  }
}

/** Options for `new BigQuery(...)`; validated credentials in, nothing opened. */
export function bigQueryClientOptions(
  credentials: BigQueryCredentials,
  options: BigQueryAdapterOptions,
): Record<string, unknown> {
  const maxRetries = Math.max(0, options.maxRetries ?? 0);
  const auth = options.authClient
    ? { authClient: options.authClient }
    : credentials.accessToken
      ? { authClient: staticTokenClient(credentials.accessToken) }
      : keyOptions(credentials.serviceAccountKey);
  return {
    projectId: credentials.projectId,
    location: credentials.location,
    ...(credentials.apiEndpoint ? { apiEndpoint: credentials.apiEndpoint.replace(/\/+$/, '') } : {}),
    retryOptions: { autoRetry: maxRetries > 0, maxRetries },
    userAgent: 'datatasks',
    ...auth,
  };
}

/** The driver's callback request as a promise. */
export function sendRequest<T>(client: BigQueryClientLike, request: BigQueryRequest): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    try {
      client.request(request, (error, body) => (error ? reject(error) : resolve(body as T)));
    } catch (error) {
      reject(error);
    }
  });
}
