/**
 * Opt-in: the adapter contract against a real Databricks SQL warehouse. Set
 *   DATABRICKS_HOST (e.g. dbc-1234.cloud.databricks.com), DATABRICKS_HTTP_PATH (/sql/1.0/warehouses/...),
 *   DATABRICKS_TOKEN, and optionally DATABRICKS_CATALOG (default: main) and DATABRICKS_PORT.
 * The catalog checks need the shop fixture in schemas `shop` and `billing` of that catalog. We never write to a
 * workspace unasked: set DATABRICKS_CREATE_FIXTURE=1 to let the test create the fixture (and drop those two
 * schemas afterwards); otherwise it must already be there. The materialized view needs a warehouse that supports
 * them (serverless or pro).
 */
import { describe, it } from 'vitest';
import { createAdapter } from '../../src/adapters/create-adapter.js';
import type { CredentialsInput } from '../../src/adapters/credentials.js';
import { testAdapter } from '../contract/test-adapter.js';
import { databricksSql } from './databricks-harness.js';
import { dropFixtureDdl, fixtureDdl } from './databricks-live-fixture.js';

const env = process.env;
const required = ['DATABRICKS_HOST', 'DATABRICKS_HTTP_PATH', 'DATABRICKS_TOKEN'] as const;
const configured = required.every((name) => env[name]);
const catalog = env.DATABRICKS_CATALOG ?? 'main';
const createFixture = env.DATABRICKS_CREATE_FIXTURE === '1';

const credentials = (overrides: Record<string, unknown> = {}): CredentialsInput =>
  ({
    type: 'databricks',
    host: env.DATABRICKS_HOST,
    httpPath: env.DATABRICKS_HTTP_PATH,
    token: env.DATABRICKS_TOKEN,
    catalog,
    ...(env.DATABRICKS_PORT ? { port: Number(env.DATABRICKS_PORT) } : {}),
    ...overrides,
  }) as CredentialsInput;

async function runAll(statements: string[]): Promise<void> {
  const adapter = await createAdapter(credentials());
  try {
    for (const sql of statements) await adapter.query(sql, undefined, { timeoutMs: 300_000 });
  } finally {
    await adapter.close();
  }
}

if (!configured) {
  describe.skip(`databricks live (set ${required.join(', ')} to run)`, () => {
    it('runs the adapter contract against a real SQL warehouse', () => {});
  });
} else {
  testAdapter({
    name: `databricks live (${env.DATABRICKS_HOST})`,
    async setup() {
      if (createFixture) await runAll(fixtureDdl(catalog));
    },
    async teardown() {
      if (createFixture) await runAll(dropFixtureDdl(catalog));
    },
    credentials: () => credentials(),
    badPassword: () => credentials({ token: 'dapi00000000000000000000000000000000' }),
    unreachable: () => credentials({ host: '127.0.0.1', port: 9 }),
    missingDatabase: () => credentials({ catalog: 'datatasks_h7_no_such_catalog' }),
    database: catalog,
    sql: {
      ...databricksSql,
      // One partition: a trillion rows on one task runs far longer than the 20 s the contract needs.
      slow: 'SELECT count(*) AS n FROM range(0, 1000000000000, 1, 1)',
    },
    // The server's sessions are not observable from outside: sessions are closed per call (checked on the fake).
    openConnections: async () => 0,
    skip: {
      uniques: 'Unity Catalog has no UNIQUE constraints, only informational PRIMARY KEY and FOREIGN KEY',
      restricted: 'needs a second, restricted token; Unity Catalog hides unreadable schemas instead of failing',
    },
  });
}
