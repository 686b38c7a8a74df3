/** Snowflake catalog details beyond the contract: constant round trips, storage figures, system objects, warnings. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAdapter } from '../../src/adapters/create-adapter.js';
import { catalogCounts } from '../../src/catalog/model.js';
import { findDatabase, findTable } from '../contract/contract-helpers.js';
import { type FakeSnowflake, scaledWorld } from '../fakes/snowflake/index.js';
import {
  sfRestrictedPassword,
  snowflakeCredentials,
  snowflakeRoundTrips,
  startSnowflakeFake,
} from './snowflake-harness.js';

let fake: FakeSnowflake;
beforeAll(async () => {
  fake = await startSnowflakeFake();
});
afterAll(async () => {
  await fake.close();
});

async function introspect(options: Parameters<Awaited<ReturnType<typeof createAdapter>>['introspect']>[0] = {}) {
  const adapter = await createAdapter(snowflakeCredentials(fake));
  try {
    const statementsBefore = fake.statements().length;
    const catalog = await adapter.introspect(options);
    return { catalog, statements: fake.statements().slice(statementsBefore), queryCount: adapter.queryCount };
  } finally {
    await adapter.close();
  }
}

describe('snowflake catalog round trips', () => {
  it('sends the same statements for 10 and for 1,000 tables', async () => {
    const costs: Array<{ tables: number; statements: string[]; roundTrips: number; chunks: number }> = [];
    for (const size of [10, 1000]) {
      fake.setWorld(scaledWorld(size));
      const trips = snowflakeRoundTrips(fake);
      const chunks = fake.chunkFetches();
      const { catalog, statements } = await introspect();
      costs.push({
        tables: catalogCounts(catalog).tables,
        statements: statements.map((s) => s.sqlText ?? ''),
        roundTrips: snowflakeRoundTrips(fake) - trips - (fake.chunkFetches() - chunks),
        chunks: fake.chunkFetches() - chunks,
      });
    }
    fake.setWorld(scaledWorld(8));
    // Plus the restricted schema's one table, which this role can see.
    expect(costs[0]!.tables).toBe(11);
    expect(costs[1]!.tables).toBe(1001);
    // One SHOW per entity kind plus the connection check, whatever the size.
    expect(costs[1]!.statements).toEqual(costs[0]!.statements);
    expect(costs[0]!.statements).toHaveLength(9);
    expect(costs[1]!.roundTrips).toBe(costs[0]!.roundTrips);
    // Large answers arrive as result chunks (downloads, not Snowflake statements).
    expect(costs[1]!.chunks).toBeGreaterThan(0);
  });

  it('narrows to IN DATABASE and LIKE when the filters name one database and one table pattern', async () => {
    const { statements, catalog } = await introspect({
      databases: { include: ['shopdb'] },
      tables: { include: ['pay*'] },
    });
    const sql = statements.map((s) => s.sqlText ?? '');
    expect(sql).toContain("SHOW DATABASES LIKE 'shopdb'");
    expect(sql).toContain("SHOW TABLES LIKE 'pay%' IN DATABASE shopdb");
    expect(sql).toContain('SHOW COLUMNS IN DATABASE shopdb');
    const names = findDatabase(catalog, 'SHOPDB').schemas.flatMap((s) => s.tables.map((t) => t.name));
    expect(names.sort()).toEqual(['PAYMENTS', 'PAYMENT_EVENTS']);
  });
});

describe('snowflake catalog content', () => {
  it('gives storage figures, native types, view text and cross-schema keys', async () => {
    const { catalog } = await introspect({ databases: { include: ['SHOPDB'] } });
    expect(catalog.engine).toBe('snowflake');
    expect(catalog.serverVersion).toBe('9.40.1');
    const database = findDatabase(catalog, 'SHOPDB');
    const customers = findTable(database, 'shop', 'customers')!;
    expect(customers.rowCountEstimate).toBe(5);
    expect(customers.sizeBytes).toBe(5 * 1024);
    expect(customers.columns[0]).toMatchObject({ name: 'ID', nativeType: 'NUMBER(38,0)', type: 'integer' });
    const price = findTable(database, 'shop', 'products')!.columns.find((c) => c.name === 'PRICE')!;
    expect(price).toMatchObject({ nativeType: 'NUMBER(10,2)', type: 'decimal', comment: 'Unit price in EUR' });
    const view = findTable(database, 'shop', 'customer_order_totals')!;
    expect(view.viewDefinition).toMatch(/^SELECT c\.id AS customer_id/);
    const payments = findTable(database, 'billing', 'payments')!;
    expect(payments.foreignKeys[0]).toMatchObject({
      referencedDatabase: 'SHOPDB',
      referencedSchema: 'SHOP',
      referencedTable: 'ORDERS',
      onDelete: 'NO ACTION',
    });
    expect(findTable(database, 'shop', 'customers')!.uniqueConstraints[0]!.columns).toEqual(['EMAIL']);
  });

  it('leaves out INFORMATION_SCHEMA and the shared SNOWFLAKE database unless asked', async () => {
    const plain = await introspect();
    expect(plain.catalog.databases.map((d) => d.name)).toEqual(['SHOPDB']);
    const schemas = plain.catalog.databases[0]!.schemas.map((s) => s.name);
    expect(schemas).not.toContain('INFORMATION_SCHEMA');
    // Every database (the credentials' SHOPDB alone is the default scope).
    const all = await introspect({ includeSystemSchemas: true, databases: { include: ['*'] } });
    expect(all.catalog.databases.map((d) => d.name)).toEqual(['SHOPDB', 'SNOWFLAKE']);
    expect(all.catalog.databases[0]!.schemas.map((s) => s.name)).toContain('INFORMATION_SCHEMA');
  });

  it('turns a failed optional part into a warning, and fails on a required one', async () => {
    const removeKeysFailure = fake.addHandler((ctx) =>
      /^SHOW IMPORTED KEYS/i.test(ctx.sql)
        ? { kind: 'error', error: { code: '003001', sqlState: '42501', message: 'Insufficient privileges' } }
        : undefined,
    );
    const { catalog } = await introspect().finally(removeKeysFailure);
    expect(catalog.warnings).toEqual([expect.objectContaining({ code: 'PERMISSION_DENIED', scope: 'importedKeys' })]);
    expect(findTable(catalog.databases[0]!, 'shop', 'orders')!.foreignKeys).toEqual([]);
    expect(findTable(catalog.databases[0]!, 'shop', 'orders')!.primaryKey?.columns).toEqual(['ID']);
    const removeTablesFailure = fake.addHandler((ctx) =>
      /^SHOW TABLES/i.test(ctx.sql)
        ? { kind: 'error', error: { code: '003001', sqlState: '42501', message: 'Insufficient privileges' } }
        : undefined,
    );
    await expect(introspect().finally(removeTablesFailure)).rejects.toMatchObject({ code: 'PERMISSION_DENIED' });
  });

  it("reads columns per database when SHOW COLUMNS passes Snowflake's 10,000-row limit (090153)", async () => {
    const small = await startSnowflakeFake({ maxShowRows: 30 });
    try {
      const adapter = await createAdapter(snowflakeCredentials(small));
      const catalog = await adapter.introspect({ databases: { include: ['*'] } }).finally(() => adapter.close());
      const sql = small.statements().map((s) => s.sqlText ?? '');
      expect(sql).toContain('SHOW COLUMNS IN ACCOUNT');
      expect(sql.filter((s) => s.includes('INFORMATION_SCHEMA.COLUMNS'))).toHaveLength(1);
      const customers = findTable(findDatabase(catalog, 'SHOPDB'), 'shop', 'customers')!;
      expect(customers.columns.map((c) => c.name)).toEqual(['ID', 'EMAIL', 'FULL_NAME', 'COUNTRY_CODE', 'CREATED_AT']);
      expect(catalog.warnings).toEqual([]);
    } finally {
      await small.close();
    }
  });

  it('shows a restricted role only what it may see, without failing', async () => {
    const adapter = await createAdapter(
      snowflakeCredentials(fake, { user: 'DT_H4_RESTRICTED', password: sfRestrictedPassword }),
    );
    try {
      const catalog = await adapter.introspect();
      const schemas = catalog.databases[0]!.schemas.map((s) => s.name);
      expect(schemas).toEqual(expect.arrayContaining(['SHOP', 'BILLING']));
      expect(schemas).not.toContain('VAULT');
    } finally {
      await adapter.close();
    }
  });
});
