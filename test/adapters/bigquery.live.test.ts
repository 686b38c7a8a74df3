/**
 * Opt-in: the contract suite against the real BigQuery. Set
 *   BIGQUERY_PROJECT        project to read (the catalog's database)
 *   BIGQUERY_KEY_FILE       service-account key JSON file (or BIGQUERY_ACCESS_TOKEN: an OAuth access token)
 *   BIGQUERY_LOCATION       dataset location (default US)
 * and, for the restricted-user check, BIGQUERY_RESTRICTED_KEY_FILE (a key without access to dataset `vault`).
 * Read-only: nothing is created. The project is expected to hold the shop fixture as datasets `shop` and `billing`
 * (loaded beforehand from test/fixtures/shop-fixture.ts; vault unreadable by the restricted key). BigQuery cannot
 * express all of it: unique constraints are skipped below; keys must stay inside one dataset, so the fixture's
 * billing.payments -> shop.orders foreign key cannot exist live and that check fails until the contract can skip it.
 */
import { describe } from 'vitest';
import type { CredentialsInput } from '../../src/adapters/credentials.js';
import { testAdapter } from '../contract/test-adapter.js';
import { bigQuerySql } from '../fakes/bigquery/harness.js';

const variables = ['BIGQUERY_PROJECT', 'BIGQUERY_KEY_FILE or BIGQUERY_ACCESS_TOKEN'];
const project = process.env.BIGQUERY_PROJECT;
const keyFile = process.env.BIGQUERY_KEY_FILE;
const accessToken = process.env.BIGQUERY_ACCESS_TOKEN;
const enabled = Boolean(project && (keyFile || accessToken));

const credentials = (overrides: Record<string, unknown> = {}): CredentialsInput =>
  ({
    type: 'bigquery',
    projectId: project ?? 'unset',
    location: process.env.BIGQUERY_LOCATION ?? 'US',
    ...(accessToken ? { accessToken } : { serviceAccountKey: keyFile }),
    ...overrides,
  }) as CredentialsInput;

describe.skipIf(!enabled)(`live BigQuery (needs ${variables.join(', ')})`, () => {
  testAdapter({
    name: `bigquery live (${project})`,
    setup: async () => {},
    teardown: async () => {},
    credentials: () => credentials(),
    badPassword: () => credentials({ serviceAccountKey: undefined, accessToken: 'ya29.datatasks-invalid-token' }),
    unreachable: () => credentials({ apiEndpoint: 'http://127.0.0.1:1' }),
    missingDatabase: () => credentials({ projectId: `datatasks-missing-${Date.now()}` }),
    ...(process.env.BIGQUERY_RESTRICTED_KEY_FILE
      ? { restricted: () => credentials({ serviceAccountKey: process.env.BIGQUERY_RESTRICTED_KEY_FILE }) }
      : {}),
    database: project ?? 'unset',
    sql: bigQuerySql,
    // REST: no session survives a call, so nothing can be left open.
    openConnections: async () => 0,
    skip: { uniques: 'BigQuery has no unique constraints' },
  });
});
