/** The contract harness for the fake BigQuery server: credentials carry an OAuth access token the fake checks. */
import type { CredentialsInput } from '../../../src/adapters/credentials.js';
import type { AdapterHarness } from '../../contract/test-adapter.js';
import { type FakeBigQuery, startFakeBigQuery } from './server.js';

export const fakeProjectId = 'datatasks-fake';

/** Statements that run unchanged on the fake and on the real service. */
export const bigQuerySql: AdapterHarness['sql'] = {
  params: {
    sql: 'SELECT @id AS id, @name AS name, @active AS active',
    params: { id: 42, name: 'Ada', active: true },
    expect: [{ id: 42, name: 'Ada', active: true }],
  },
  manyRows: 'SELECT x FROM UNNEST(GENERATE_ARRAY(1, 5000)) AS x ORDER BY x',
  // 10^12 rows to count: runs far beyond 20 s on BigQuery; the fake keeps it running until jobs.cancel.
  slow: 'SELECT COUNT(*) AS n FROM UNNEST(GENERATE_ARRAY(1, 1000000)) AS a CROSS JOIN UNNEST(GENERATE_ARRAY(1, 1000000)) AS b',
};

export function fakeBigQueryHarness(): AdapterHarness & { fake(): FakeBigQuery } {
  let fake: FakeBigQuery | undefined;
  const server = () => {
    if (!fake) throw new Error('fake BigQuery server not started');
    return fake;
  };
  const credentials = (): CredentialsInput => ({
    type: 'bigquery',
    projectId: fakeProjectId,
    location: 'US',
    apiEndpoint: server().url,
    accessToken: server().token,
    connectTimeoutMs: 5_000,
  });
  return {
    name: 'bigquery (fake REST server)',
    fake: server,
    setup: async () => {
      // No metadata-server probing by google-auth-library: the tests never leave 127.0.0.1.
      process.env.METADATA_SERVER_DETECTION = 'none';
      fake = await startFakeBigQuery();
    },
    teardown: async () => {
      await fake?.close();
    },
    credentials,
    badPassword: () => ({ ...credentials(), accessToken: 'fake-token-wrong-0123456789' }) as CredentialsInput,
    unreachable: () => ({ ...credentials(), apiEndpoint: 'http://127.0.0.1:1' }) as CredentialsInput,
    tlsFailure: () => ({ ...credentials(), apiEndpoint: server().url.replace('http:', 'https:') }) as CredentialsInput,
    missingDatabase: () => ({ ...credentials(), projectId: 'datatasks-no-such-project' }) as CredentialsInput,
    restricted: () => ({ ...credentials(), accessToken: server().restrictedToken }) as CredentialsInput,
    database: fakeProjectId,
    sql: bigQuerySql,
    openConnections: async () => server().openRequests(),
    runningStatements: async () => server().jobs.running(),
    requestCount: () => server().requests.length,
    skip: { uniques: 'BigQuery has no unique constraints (primary and foreign keys only)' },
  };
}
