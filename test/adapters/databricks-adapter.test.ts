/** Focused Databricks checks against the fake warehouse: round trips, fallback path, binding, cancel, secrets. */
import * as databricksDriver from '@databricks/sql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Adapter, AdapterFactoryOptions } from '../../src/adapters/adapter.js';
import { createAdapter } from '../../src/adapters/create-adapter.js';
import type { CredentialsInput } from '../../src/adapters/credentials.js';
import { type Catalog, catalogCounts } from '../../src/catalog/model.js';
import { ErrorCode } from '../../src/core/errors.js';
import { expectCode, expectNoSecrets, findDatabase, tableNames } from '../contract/contract-helpers.js';
import { databricksCredentials, type FakeDatabricksServer, startDatabricksFake } from './databricks-harness.js';

const fakes: FakeDatabricksServer[] = [];
async function fakeWith(options: Parameters<typeof startDatabricksFake>[0] = {}) {
  const fake = await startDatabricksFake(options);
  fakes.push(fake);
  return fake;
}
afterAll(async () => {
  await Promise.all(fakes.map((fake) => fake.stop()));
});

async function using<T>(
  credentials: CredentialsInput,
  body: (adapter: Adapter) => Promise<T>,
  options?: AdapterFactoryOptions,
) {
  const adapter = await createAdapter(credentials, options);
  try {
    return await body(adapter);
  } finally {
    await adapter.close();
  }
}

/** Introspects once and returns the catalog, the statements the adapter counted and the RPCs the server saw. */
async function introspectCost(fake: FakeDatabricksServer) {
  const before = fake.count();
  const { catalog, statements } = await using(databricksCredentials(fake), async (adapter) => ({
    catalog: await adapter.introspect(),
    statements: adapter.queryCount,
  }));
  return { catalog, statements, rpcs: fake.count() - before };
}

const fixtureTables = (catalog: Catalog) =>
  tableNames(findDatabase(catalog, 'h7_fixture')).filter((name) => !name.startsWith('vault.'));

describe('databricks introspection round trips', () => {
  it('reads information_schema in 8 statements (+ hive_metastore) whether the fixture has 10 or 1,000 tables', async () => {
    const small = await introspectCost(await fakeWith({ tableCount: 10 }));
    const large = await introspectCost(await fakeWith({ tableCount: 1000 }));
    expect(fixtureTables(small.catalog)).toHaveLength(10);
    expect(fixtureTables(large.catalog)).toHaveLength(1000);
    expect(catalogCounts(large.catalog).columns).toBeGreaterThan(3000);
    // 8 information_schema statements, plus hive_metastore: 4 metadata calls and 2 key lookups for its one table.
    expect(small.statements).toBe(8 + 4 + 2);
    expect(large.statements).toBe(small.statements);
    expect(large.rpcs).toBe(small.rpcs);
    // hive_metastore is not in information_schema: read with 4 metadata calls (+ key lookups), said in a warning.
    expect(large.catalog.warnings.map((w) => w.scope)).toEqual(['hive_metastore']);
    expect(tableNames(findDatabase(large.catalog, 'hive_metastore'))).toEqual(['default.legacy_events']);
  });

  it('reads a hive_metastore catalog with the metadata operations (its information_schema does not exist)', async () => {
    const fake = await fakeWith();
    const credentials = databricksCredentials(fake, { catalog: 'hive_metastore' });
    const catalog = await using(credentials, (a) => a.introspect());
    expect(catalog.databases.map((d) => d.name)).toEqual(['hive_metastore']);
    expect(tableNames(catalog.databases[0]!)).toEqual(['default.legacy_events']);
    expect(catalog.databases[0]?.schemas[0]?.tables[0]?.columns.map((c) => [c.name, c.type])).toEqual([
      ['event_id', 'integer'],
      ['payload', 'text'],
    ]);
    expect(catalog.warnings[0]).toMatchObject({ code: 'NOT_SUPPORTED', scope: 'information_schema' });
    expect(fake.count('GetTables')).toBe(1);
  });

  it('falls back to the Thrift metadata operations when information_schema is missing, and says so', async () => {
    const fake = await fakeWith();
    fake.informationSchemaAvailable = false;
    const { catalog } = await introspectCost(fake);
    const warning = catalog.warnings.find((w) => w.scope === 'information_schema');
    expect(warning?.message).toMatch(/Thrift metadata operations/);
    for (const method of ['GetCatalogs', 'GetSchemas', 'GetTables', 'GetColumns']) expect(fake.count(method)).toBe(1);
    const orders = findDatabase(catalog, 'h7_fixture')
      .schemas.find((s) => s.name === 'shop')
      ?.tables.find((t) => t.name === 'orders');
    expect(orders?.columns.map((c) => c.name)).toEqual(['id', 'customer_id', 'ordered_at', 'status', 'total']);
    expect(orders?.primaryKey?.columns).toEqual(['id']);
    expect(orders?.foreignKeys[0]).toMatchObject({ referencedTable: 'customers', referencedColumns: ['id'] });
  });

  it('keeps the fallback bounded on large catalogs (no per-table key lookups, with a warning)', async () => {
    const costs: number[] = [];
    for (const tableCount of [100, 1000]) {
      const fake = await fakeWith({ tableCount });
      fake.informationSchemaAvailable = false;
      const { catalog, rpcs } = await introspectCost(fake);
      expect(fixtureTables(catalog)).toHaveLength(tableCount);
      expect(catalog.warnings.map((w) => w.scope)).toEqual(['information_schema', 'keys']);
      expect(fake.count('GetPrimaryKeys')).toBe(0);
      costs.push(rpcs);
    }
    expect(costs[1]).toBe(costs[0]);
  });
});

describe('databricks queries', () => {
  let fake: FakeDatabricksServer;
  beforeAll(async () => {
    fake = await fakeWith();
  });

  it('binds ordinal and named parameters with the driver, never in the SQL text', async () => {
    const credentials = databricksCredentials(fake);
    const ordinal = await using(credentials, (a) => a.query('SELECT ? AS n, ? AS s', [7, 'seven']));
    expect(ordinal.rows).toEqual([{ n: 7, s: 'seven' }]);
    const named = await using(credentials, (a) =>
      a.query('SELECT :when AS d, :ok AS b', { when: new Date('2026-01-02T03:04:05Z'), ok: true }),
    );
    expect(named.rows).toEqual([{ d: '2026-01-02T03:04:05.000Z', b: true }]);
    const sent = fake.requests.filter((r) => r.method === 'ExecuteStatement').slice(-2);
    expect(sent[0]).toMatchObject({
      statement: 'SELECT ? AS n, ? AS s',
      parameters: [{ type: 'INTEGER' }, { type: 'STRING' }],
    });
    expect(sent[1]?.parameters).toMatchObject([
      { name: 'when', type: 'TIMESTAMP' },
      { name: 'ok', type: 'BOOLEAN' },
    ]);
  });

  it('stops reading at maxRows: one small page, then CloseOperation', async () => {
    fake.reset();
    const result = await using(databricksCredentials(fake), (a) =>
      a.query('SELECT id FROM range(50000)', undefined, { maxRows: 10 }),
    );
    expect(result).toMatchObject({ truncated: true, columns: [{ name: 'id', type: 'BIGINT' }] });
    expect(result.rows.map((r) => r.id)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    const fetches = fake.requests.filter((r) => r.method === 'FetchResults');
    expect(fetches).toEqual([{ method: 'FetchResults', maxRows: 11 }]);
    expect(fake.count('CloseOperation')).toBe(1);
    expect(fake.count('CloseSession')).toBe(1);
  });

  it('cancels the statement on the server when the timeout fires, and sends queryTimeout', async () => {
    fake.reset();
    const slow = 'SELECT count(*) AS n FROM range(1000000000000)';
    await expectCode(
      using(databricksCredentials(fake), (a) => a.query(slow, undefined, { timeoutMs: 1500 })),
      [ErrorCode.TIMEOUT],
    );
    expect(fake.requests.find((r) => r.method === 'ExecuteStatement')?.queryTimeout).toBe(2);
    expect(fake.requests.filter((r) => r.method === 'CancelOperation').map((r) => r.statement)).toEqual([slow]);
    expect(fake.runningStatements()).toBe(0);
    expect(fake.openSessions()).toBe(0);
  });

  it('reports PERMISSION_DENIED for the restricted user, whose introspection just lacks the schema', async () => {
    const restricted = databricksCredentials(fake, { token: fake.restrictedToken });
    const catalog = await using(restricted, (a) => a.introspect());
    const names = tableNames(findDatabase(catalog, 'h7_fixture'));
    expect(names).toContain('shop.customers');
    expect(names.some((n) => n.startsWith('vault.'))).toBe(false);
    const error = await expectCode(
      using(restricted, (a) => a.query('SELECT * FROM h7_fixture.vault.secrets')),
      [ErrorCode.PERMISSION_DENIED],
    );
    expectNoSecrets(error, restricted);
    // The full-access token does see it.
    const full = await using(databricksCredentials(fake), (a) => a.introspect());
    expect(tableNames(findDatabase(full, 'h7_fixture'))).toContain('vault.secrets');
  });

  it('uses an injected driver module instead of importing one', async () => {
    let constructed = 0;
    class CountingClient extends databricksDriver.DBSQLClient {
      constructor(options?: ConstructorParameters<typeof databricksDriver.DBSQLClient>[0]) {
        super(options);
        constructed++;
      }
    }
    const result = await using(databricksCredentials(fake), (a) => a.testConnection(), {
      driver: { DBSQLClient: CountingClient },
    });
    expect(result.serverVersion).toContain('3.5.0');
    expect(constructed).toBe(1);
  });
});

describe('databricks errors carry no secret', () => {
  it('maps HTTP 403 to AUTH_FAILED and logs nothing secret', async () => {
    const fake = await fakeWith({ badTokenStatus: 403 });
    const lines: string[] = [];
    const log = (message: string, fields?: Record<string, unknown>) =>
      lines.push(`${message} ${JSON.stringify(fields ?? {})}`);
    const bad = databricksCredentials(fake, { token: 'dapi-h7-bad-token-secret-77' });
    const error = await expectCode(
      using(bad, (a) => a.testConnection(), { log }),
      [ErrorCode.AUTH_FAILED],
    );
    expect(error.details).toMatchObject({ httpStatus: 403 });
    expectNoSecrets(error, bad);
    await using(databricksCredentials(fake), (a) => a.query('SELECT 1 AS one'), { log });
    expect(lines.length).toBeGreaterThan(0);
    for (const line of lines) {
      expect(line).not.toContain('dapi-h7-bad-token-secret-77');
      expect(line).not.toContain(fake.token);
    }
    expect(fake.rejectedRequests).toBe(1);
    expect(fake.openSessions()).toBe(0);
  });
});
