/**
 * Opt-in: the contract suite against a real Redshift cluster. Set REDSHIFT_URL
 * (postgres://user:password@cluster.region.redshift.amazonaws.com:5439/dev) and REDSHIFT_CREATE_FIXTURE=1: the
 * suite then creates the fixture's schemas (shop, billing, vault) in that database and drops them at the end, so use
 * a scratch database. Written from Redshift's documentation; the stub-based redshift.test.ts runs everywhere else.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { describe, it } from 'vitest';
import { testAdapter } from '../contract/test-adapter.js';
import { fixtureRows, postgresFixtureDdl } from '../fixtures/ddl/postgres.js';
import { fixtureTable, shopFixture } from '../fixtures/shop-fixture.js';

const url = process.env.REDSHIFT_URL;
const enabled = Boolean(url) && process.env.REDSHIFT_CREATE_FIXTURE === '1';
const applicationName = `h2_redshift_live_${randomBytes(3).toString('hex')}`;
const schemas = [...shopFixture.schemas, shopFixture.restrictedSchema];

async function exec(statements: string[]): Promise<number> {
  const client = new pg.Client({ connectionString: url, ssl: { rejectUnauthorized: false } });
  await client.connect();
  try {
    let last = 0;
    for (const statement of statements)
      last = Number(Object.values((await client.query(statement)).rows[0] ?? {})[0] ?? 0);
    return last;
  } finally {
    await client.end();
  }
}

if (enabled) {
  const customers = fixtureRows(fixtureTable('shop', 'customers'));
  const parsed = new URL(url!);
  testAdapter({
    name: 'redshift live contract',
    database: decodeURIComponent(parsed.pathname.slice(1)),
    setup: () =>
      exec([
        ...schemas.map((s) => `DROP SCHEMA IF EXISTS ${s} CASCADE`),
        ...postgresFixtureDdl({ partitions: false, indexes: false }),
      ]).then(() => undefined),
    teardown: () => exec(schemas.map((s) => `DROP SCHEMA IF EXISTS ${s} CASCADE`)).then(() => undefined),
    credentials: () => ({ type: 'redshift', url: url!, ssl: { mode: 'require' }, applicationName }),
    badPassword: () => ({ type: 'redshift', url: url!, password: 'H2-wrong-password-1', ssl: { mode: 'require' } }),
    sql: {
      params: {
        sql: 'SELECT id, email FROM shop.customers WHERE id = $1 OR email = $2 ORDER BY id',
        params: [1, customers[2]!.email],
        expect: [
          { id: 1, email: customers[0]!.email },
          { id: 3, email: customers[2]!.email },
        ],
      },
      manyRows: 'SELECT generate_series(1, 5000) AS n',
      slow: 'SELECT COUNT(*) FROM stv_blocklist a, stv_blocklist b, stv_blocklist c',
    },
    // Redshift sessions carry no application name: count this user's sessions, minus the counting one.
    openConnections: () => exec(['SELECT count(*) - 1 FROM stv_sessions WHERE user_name = current_user']),
    runningStatements: () =>
      exec(["SELECT count(*) - 1 FROM stv_recents WHERE status = 'Running' AND user_name = current_user"]),
  });
} else {
  describe.skip('redshift live contract: set REDSHIFT_URL and REDSHIFT_CREATE_FIXTURE=1 to run it', () => {
    it('runs testAdapter against a scratch Redshift database holding the fixture', () => undefined);
  });
}
