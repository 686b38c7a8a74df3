/** SQL Server introspection details against the fake TDS server: sys.* mapping, scaling, partial failures. */
import { beforeAll, describe, expect, it } from 'vitest';
import { parseCredentials } from '../../src/adapters/credentials.js';
import { createSqlServerAdapter } from '../../src/adapters/sqlserver/index.js';
import { catalogCounts, type Database } from '../../src/catalog/model.js';
import { ErrorCode } from '../../src/core/errors.js';
import { fakePassword, fakeUsers } from '../fakes/sqlserver/harness.js';
import { scaledShopFixture } from '../fakes/sqlserver/scale-fixture.js';
import { type FakeSqlServer, type FakeSqlServerOptions, startFakeSqlServer } from '../fakes/sqlserver/server.js';

const credentialsFor = (server: FakeSqlServer) =>
  parseCredentials({
    type: 'sqlserver',
    host: '127.0.0.1',
    port: server.port,
    database: 'shop',
    user: 'sa',
    password: fakePassword,
    encrypt: false,
    applicationName: 'h6-sqlserver-catalog',
  }) as Parameters<typeof createSqlServerAdapter>[0];

async function introspectWith(options: FakeSqlServerOptions) {
  const server = await startFakeSqlServer({ users: fakeUsers, ...options });
  const adapter = createSqlServerAdapter(credentialsFor(server));
  try {
    const before = server.requestCount;
    const catalog = await adapter.introspect();
    return { catalog, requests: server.requestCount - before, queryCount: adapter.queryCount, server };
  } finally {
    await adapter.close();
    await server.close();
  }
}

const table = (database: Database, schema: string, name: string) =>
  database.schemas.find((s) => s.name === schema)?.tables.find((t) => t.name === name);

describe('sqlserver introspection details', () => {
  let database: Database;
  let warnings: unknown[];
  beforeAll(async () => {
    const { catalog } = await introspectWith({});
    database = catalog.databases[0]!;
    warnings = catalog.warnings;
  });

  it('builds native types from sys.types sizes and maps them to families', () => {
    const customers = table(database, 'shop', 'customers')!;
    const byName = Object.fromEntries(customers.columns.map((c) => [c.name, c]));
    expect(byName.email?.nativeType).toBe('nvarchar(255)');
    expect(byName.created_at?.nativeType).toBe('datetime2(7)');
    expect(byName.created_at?.type).toBe('timestamp');
    expect(table(database, 'shop', 'products')!.columns.find((c) => c.name === 'price')?.nativeType).toBe(
      'decimal(10,2)',
    );
    expect(table(database, 'billing', 'payment_events')!.columns.find((c) => c.name === 'payload')?.nativeType).toBe(
      'nvarchar(max)',
    );
  });

  it('reads identity columns, defaults, row counts and sizes', () => {
    const customers = table(database, 'shop', 'customers')!;
    expect(customers.columns[0]).toMatchObject({ name: 'id', isIdentity: true });
    expect(customers.columns.find((c) => c.name === 'created_at')?.default).toBe('(sysutcdatetime())');
    expect(customers.rowCountEstimate).toBe(5);
    expect(customers.sizeBytes).toBeGreaterThan(0);
  });

  it('reads foreign key actions, index methods and the primary key index', () => {
    const orders = table(database, 'shop', 'orders')!;
    expect(orders.foreignKeys[0]).toMatchObject({ onDelete: 'NO ACTION', onUpdate: 'NO ACTION' });
    const primary = orders.indexes.find((i) => i.primary);
    expect(primary).toMatchObject({ unique: true, method: 'clustered', columns: ['id'] });
    expect(orders.indexes.find((i) => i.name === 'orders_customer_idx')?.method).toBe('nonclustered');
  });

  it('lists partitioned tables as range partitioned, without inventing partition names', () => {
    const events = table(database, 'billing', 'payment_events')!;
    expect(events.kind).toBe('partitioned');
    expect(events.partitioning).toEqual({ strategy: 'range', columns: ['received_at'] });
  });

  it('leaves out system schemas and reports no warning for a full read', () => {
    expect(database.schemas.map((s) => s.name).sort()).toEqual(['billing', 'shop', 'vault']);
    expect(warnings).toEqual([]);
  });
});

describe('sqlserver introspection cost', () => {
  it('sends the same number of statements for 10 and 1,000 tables', async () => {
    const small = await introspectWith({ fixture: scaledShopFixture(10) });
    const large = await introspectWith({ fixture: scaledShopFixture(1000) });
    expect(catalogCounts(small.catalog).tables).toBe(10);
    expect(catalogCounts(large.catalog).tables).toBe(1000);
    expect(large.queryCount).toBe(small.queryCount);
    expect(large.requests).toBe(small.requests);
    // server info + 7 entity kinds; the rest are the login's SET batch.
    expect(small.queryCount).toBe(8);
    const catalogSql = large.server.requests.filter((r) => r.sql.includes('-- datatasks:'));
    expect(catalogSql).toHaveLength(8);
    expect(new Set(catalogSql.map((r) => r.kind))).toEqual(new Set(['rpc']));
  });
});

describe('sqlserver introspection with unreadable parts', () => {
  it('turns an unreadable entity kind into a warning', async () => {
    const denied = { number: 229, message: "The SELECT permission was denied on the object 'indexes'.", severity: 14 };
    // Only the indexes query reads all three views.
    const reads = ['sys.indexes', 'sys.objects', 'sys.index_columns'];
    const { catalog } = await introspectWith({ failures: [{ reads, error: denied }] });
    expect(catalog.warnings).toEqual([
      expect.objectContaining({ code: ErrorCode.PERMISSION_DENIED, scope: 'indexes' }),
    ]);
    const customers = table(catalog.databases[0]!, 'shop', 'customers')!;
    expect(customers.indexes).toEqual([]);
    expect(customers.primaryKey?.columns).toEqual(['id']);
  });

  it('fails when the tables themselves cannot be read', async () => {
    const denied = { number: 229, message: 'The SELECT permission was denied on the object objects.', severity: 14 };
    // Only the tables query reads sys.sql_modules.
    const failures = [{ reads: ['sys.sql_modules'], error: denied }];
    await expect(introspectWith({ failures })).rejects.toMatchObject({
      code: ErrorCode.PERMISSION_DENIED,
    });
  });

  it('warns about a schema the login cannot select from and leaves it out', async () => {
    const server = await startFakeSqlServer({ users: fakeUsers });
    const credentials = { ...credentialsFor(server), user: 'reader', password: fakeUsers.reader.password };
    const adapter = createSqlServerAdapter(credentials);
    try {
      const catalog = await adapter.introspect();
      expect(catalog.databases[0]!.schemas.map((s) => s.name)).not.toContain('vault');
      expect(catalog.warnings).toEqual([
        expect.objectContaining({ code: ErrorCode.PERMISSION_DENIED, scope: 'shop.vault' }),
      ]);
    } finally {
      await adapter.close();
      await server.close();
    }
  });
});
