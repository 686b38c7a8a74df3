/**
 * The fake TDS server checks the SQL it is sent: statements are parsed (mssql) and catalog queries read the sys.*
 * views they name, so a wrong view or column fails as on SQL Server, and only the selected columns come back.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Adapter } from '../../src/adapters/adapter.js';
import { createAdapter } from '../../src/adapters/create-adapter.js';
import { catalogQueries } from '../../src/adapters/sqlserver/queries.js';
import { ErrorCode } from '../../src/core/errors.js';
import { expectCode } from '../contract/contract-helpers.js';
import { fakePassword, fakeUsers } from '../fakes/sqlserver/harness.js';
import { type FakeSqlServer, startFakeSqlServer } from '../fakes/sqlserver/server.js';

let server: FakeSqlServer;
let adapter: Adapter;
beforeAll(async () => {
  server = await startFakeSqlServer({ users: fakeUsers });
  adapter = await createAdapter({
    type: 'sqlserver',
    host: '127.0.0.1',
    port: server.port,
    database: 'shop',
    user: 'sa',
    password: fakePassword,
    encrypt: false,
    applicationName: 'datatasks-fake-sql',
  });
});
afterAll(async () => {
  await adapter.close();
  await server.close();
});

const failsWith = async (sql: string, text: string) => {
  const error = await expectCode(adapter.query(sql), [ErrorCode.QUERY_FAILED]);
  expect(error.message).toContain(text);
};

describe('the fake SQL Server answers from the sys views a statement names', () => {
  it('returns only the selected columns, under their aliases, filtered and ordered', async () => {
    const result = await adapter.query(
      `SELECT o.name AS table_name, s.name FROM sys.objects o JOIN sys.schemas s ON s.schema_id = o.schema_id
       WHERE o.type = 'U' AND s.name IN ('shop') ORDER BY o.name DESC`,
    );
    expect(result.columns.map((c) => c.name)).toEqual(['table_name', 'name']);
    expect(result.rows.map((r) => r.table_name)).toEqual(['products', 'orders', 'order_items', 'customers']);
    expect(new Set(result.rows.map((r) => r.name))).toEqual(new Set(['shop']));
    const top = await adapter.query('SELECT TOP 1 name FROM sys.schemas ORDER BY name DESC');
    expect(top.rows).toEqual([{ name: 'vault' }]);
  });

  it('fails a view that does not exist with Invalid object name (208)', async () => {
    await failsWith('SELECT name FROM sys.tabels', "Invalid object name 'sys.tabels'");
    await failsWith('SELECT name FROM information.tables', "Invalid object name 'information.tables'");
  });

  it('fails a column the view does not have (207), even where no row reaches it', async () => {
    await failsWith('SELECT schema_name FROM sys.schemas', "Invalid column name 'schema_name'");
    await failsWith("SELECT name FROM sys.schemas WHERE name = 'none' ORDER BY owner", "Invalid column name 'owner'");
    await failsWith(
      'SELECT t.name FROM sys.tables t LEFT JOIN sys.columns c ON c.table_id = t.object_id',
      "Invalid column name 'table_id'",
    );
  });

  it("fails the adapter's own catalog query once one of its names is wrong", async () => {
    const columns = await adapter.query(catalogQueries.columns);
    expect(columns.rows.length).toBeGreaterThan(0);
    await failsWith(catalogQueries.columns.replace('sys.default_constraints', 'sys.defaults'), 'sys.defaults');
    await failsWith(catalogQueries.tables.replace('o.is_ms_shipped', 'o.is_shipped'), 'is_shipped');
    await failsWith(catalogQueries.keys.replace('kc.unique_index_id', 'kc.index_id'), 'index_id');
  });

  it("fails SQL the parser refuses with SQL Server's syntax error (102)", async () => {
    await failsWith('SELECT name FROM sys.schemas WHERE', 'Incorrect syntax');
  });
});
