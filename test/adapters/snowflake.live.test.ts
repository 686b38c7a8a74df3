/**
 * Opt-in: the adapter contract against a real Snowflake account. Set SNOWFLAKE_ACCOUNT, SNOWFLAKE_USER and
 * SNOWFLAKE_PASSWORD (or SNOWFLAKE_PRIVATE_KEY with optional SNOWFLAKE_PRIVATE_KEY_PASSPHRASE), plus optionally
 * SNOWFLAKE_WAREHOUSE, SNOWFLAKE_ROLE and SNOWFLAKE_DATABASE (a database to read; default SNOWFLAKE_SAMPLE_DATA).
 *
 * The contract's catalog checks need the shared fixture. With SNOWFLAKE_CREATE_FIXTURE=1 (a role allowed to create
 * databases; the materialized view needs Enterprise edition) the test creates it in a scratch database
 * DATATASKS_H4_<random> and drops it afterwards. Without it, only the read-only checks that need no fixture run
 * (connection, binds, row cap, timeout with cancel, a valid catalog), so a read-only role can use this file too.
 */
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { CredentialsInput } from '../../src/adapters/credentials.js';
import { Catalog } from '../../src/catalog/model.js';
import { expectCode, withAdapter } from '../contract/contract-helpers.js';
import { testAdapter } from '../contract/test-adapter.js';
import { fixtureStatements } from './snowflake-live-fixture.js';

const env = process.env;
const configured = Boolean(
  env.SNOWFLAKE_ACCOUNT && env.SNOWFLAKE_USER && (env.SNOWFLAKE_PASSWORD || env.SNOWFLAKE_PRIVATE_KEY),
);
const createFixture = env.SNOWFLAKE_CREATE_FIXTURE === '1';
const scratch = `DATATASKS_H4_${randomBytes(4).toString('hex').toUpperCase()}`;

function credentials(overrides: Record<string, unknown> = {}): CredentialsInput {
  const keyPair = Boolean(env.SNOWFLAKE_PRIVATE_KEY);
  return {
    type: 'snowflake',
    account: env.SNOWFLAKE_ACCOUNT!,
    user: env.SNOWFLAKE_USER!,
    authenticator: keyPair ? 'snowflake_jwt' : 'snowflake',
    ...(keyPair
      ? { privateKey: env.SNOWFLAKE_PRIVATE_KEY, privateKeyPassphrase: env.SNOWFLAKE_PRIVATE_KEY_PASSPHRASE }
      : { password: env.SNOWFLAKE_PASSWORD }),
    ...(env.SNOWFLAKE_WAREHOUSE ? { warehouse: env.SNOWFLAKE_WAREHOUSE } : {}),
    ...(env.SNOWFLAKE_ROLE ? { role: env.SNOWFLAKE_ROLE } : {}),
    ...overrides,
  } as CredentialsInput;
}

const sql = {
  params: { sql: 'SELECT ? AS "n", ? AS "s"', params: [42, 'hello'], expect: [{ n: 42, s: 'hello' }] },
  manyRows: 'SELECT SEQ4() AS N FROM TABLE(GENERATOR(ROWCOUNT => 5000))',
  slow: 'CALL SYSTEM$WAIT(60)',
};

describe.skipIf(!configured)('snowflake live (read-only checks)', () => {
  it('connects, binds, caps rows, times out with a cancel, and reads a valid catalog', async () => {
    await withAdapter(credentials(), undefined, async (adapter) => {
      expect((await adapter.testConnection()).serverVersion.length).toBeGreaterThan(0);
      expect((await adapter.query(sql.params.sql, sql.params.params)).rows).toHaveLength(1);
      const capped = await adapter.query(sql.manyRows, undefined, { maxRows: 10 });
      expect(capped).toMatchObject({ truncated: true, rows: expect.any(Array) });
      await expectCode(adapter.query(sql.slow, undefined, { timeoutMs: 1000 }), ['TIMEOUT']);
      // A read-only role reads any database it can see: SNOWFLAKE_DATABASE, else the shared sample data.
      const database = env.SNOWFLAKE_DATABASE ?? 'SNOWFLAKE_SAMPLE_DATA';
      const catalog = await adapter.introspect({ databases: { include: [database] } });
      expect(() => Catalog.parse(catalog)).not.toThrow();
    });
  }, 120_000);
});

if (configured && createFixture) {
  testAdapter({
    name: `snowflake live (fixture in ${scratch})`,
    async setup() {
      await withAdapter(credentials(), undefined, async (adapter) => {
        for (const statement of fixtureStatements(scratch))
          await adapter.query(statement, undefined, { timeoutMs: 120_000 });
      });
    },
    async teardown() {
      await withAdapter(credentials(), undefined, (adapter) => adapter.query(`DROP DATABASE IF EXISTS ${scratch}`));
    },
    credentials: () => credentials({ database: scratch }),
    badPassword: env.SNOWFLAKE_PASSWORD ? () => credentials({ password: 'datatasks-wrong-password' }) : undefined,
    missingDatabase: () => credentials({ database: `${scratch}_MISSING` }),
    database: scratch,
    sql,
    // Sessions of other clients of the account are not ours to count: the fake proves the cleanup.
    openConnections: async () => 0,
    skip: { restricted: 'needs a second, restricted role: checked against the fake' },
  });
} else {
  describe.skip('snowflake live contract: set SNOWFLAKE_ACCOUNT, SNOWFLAKE_USER, SNOWFLAKE_PASSWORD or SNOWFLAKE_PRIVATE_KEY, and SNOWFLAKE_CREATE_FIXTURE=1', () => {
    it('runs testAdapter against a scratch database holding the fixture', () => {});
  });
}
