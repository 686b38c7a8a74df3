/** How the BigQuery adapter authenticates: key forms, access token, an injected google-auth-library client. */
import { createRequire } from 'node:module';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bigQueryClientOptions } from '../../src/adapters/bigquery/connection.js';
import { createBigQueryAdapter } from '../../src/adapters/bigquery/index.js';
import { parseCredentials } from '../../src/adapters/credentials.js';
import { DatataskError, ErrorCode } from '../../src/core/errors.js';
import { type FakeBigQuery, startFakeBigQuery } from '../fakes/bigquery/server.js';

process.env.METADATA_SERVER_DETECTION = 'none';

// google-auth-library comes with @google-cloud/bigquery: resolve it from there rather than rely on hoisting.
const fromBigQuery = createRequire(createRequire(import.meta.url).resolve('@google-cloud/bigquery'));
const { OAuth2Client } = fromBigQuery('google-auth-library') as typeof import('google-auth-library');

const privateKey =
  '-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7secretsecret\n-----END PRIVATE KEY-----\n';
const key = { client_email: 'bot@datatasks-fake.iam.gserviceaccount.com', private_key: privateKey };
const bigquery = (extra: Record<string, unknown>) =>
  parseCredentials({ type: 'bigquery', projectId: 'datatasks-fake', ...extra }) as Extract<
    ReturnType<typeof parseCredentials>,
    { type: 'bigquery' }
  >;

let fake: FakeBigQuery;
beforeAll(async () => {
  fake = await startFakeBigQuery();
});
afterAll(async () => {
  await fake.close();
});

describe('BigQuery authentication', () => {
  it('passes a key object or its JSON text as credentials, anything else as a key file path', () => {
    expect(bigQueryClientOptions(bigquery({ serviceAccountKey: key }), {})).toMatchObject({ credentials: key });
    expect(bigQueryClientOptions(bigquery({ serviceAccountKey: JSON.stringify(key) }), {})).toMatchObject({
      credentials: key,
    });
    expect(bigQueryClientOptions(bigquery({ serviceAccountKey: '/secrets/key.json' }), {})).toMatchObject({
      keyFilename: '/secrets/key.json',
    });
    const options = bigQueryClientOptions(bigquery({ location: 'EU' }), {});
    expect(options).toMatchObject({ projectId: 'datatasks-fake', location: 'EU', retryOptions: { autoRetry: false } });
    expect(options).not.toHaveProperty('credentials');
  });

  it('rejects broken key JSON without quoting it', () => {
    const broken = `{"client_email":"x","private_key":"${privateKey.replace(/\n/g, '\\n')}"`;
    let caught: unknown;
    try {
      bigQueryClientOptions(bigquery({ serviceAccountKey: broken }), {});
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(DatataskError);
    expect((caught as DatataskError).code).toBe(ErrorCode.INVALID_INPUT);
    expect(JSON.stringify((caught as DatataskError).toJSON())).not.toContain('secretsecret');
    expect((caught as DatataskError).cause).toBeUndefined();
  });

  it('sends credentials.accessToken as a bearer token', async () => {
    await using adapter = createBigQueryAdapter({
      type: 'bigquery',
      projectId: fake.world.projectId,
      apiEndpoint: fake.url,
      accessToken: fake.token,
    });
    await expect(adapter.testConnection()).resolves.toMatchObject({ ok: true });
  });

  it('uses an injected OAuth2Client (options.authClient) whose token the server checks', async () => {
    const good = new OAuth2Client();
    good.setCredentials({ access_token: fake.token });
    const credentials = { type: 'bigquery' as const, projectId: fake.world.projectId, apiEndpoint: fake.url };
    await using adapter = createBigQueryAdapter(credentials, { authClient: good });
    const start = fake.requests.length;
    await expect(adapter.testConnection()).resolves.toMatchObject({ ok: true, serverVersion: 'BigQuery API v2' });
    expect(fake.requests.length).toBe(start + 1);

    const bad = new OAuth2Client();
    bad.setCredentials({ access_token: 'fake-token-revoked-0123456789' });
    await using rejected = createBigQueryAdapter(credentials, { authClient: bad });
    await expect(rejected.testConnection()).rejects.toMatchObject({ code: ErrorCode.AUTH_FAILED });
  });

  it('maps an unreachable endpoint and a TLS mismatch, with no key material in the error', async () => {
    for (const [apiEndpoint, code] of [
      ['http://127.0.0.1:1', ErrorCode.HOST_UNREACHABLE],
      [fake.url.replace('http:', 'https:'), ErrorCode.TLS_FAILED],
    ] as const) {
      await using adapter = createBigQueryAdapter({
        type: 'bigquery',
        projectId: fake.world.projectId,
        apiEndpoint,
        accessToken: 'fake-token-secret-0123456789',
      });
      const error = (await adapter.testConnection().catch((e: unknown) => e)) as DatataskError;
      expect(error).toMatchObject({ code });
      expect(`${error.message} ${(error.cause as Error).message}`).not.toContain('fake-token-secret');
    }
  });
});
