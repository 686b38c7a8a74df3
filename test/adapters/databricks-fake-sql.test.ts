/**
 * The fake Databricks warehouse checks the SQL it is sent: statements are parsed (databricks) and information_schema
 * queries read the views they name, so a wrong view or column fails as on Databricks, and only the selected columns
 * come back.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Adapter } from '../../src/adapters/adapter.js';
import { createAdapter } from '../../src/adapters/create-adapter.js';
import { informationSchemaQuery } from '../../src/adapters/databricks/catalog-queries.js';
import { ErrorCode } from '../../src/core/errors.js';
import { expectCode } from '../contract/contract-helpers.js';
import { databricksCredentials, type FakeDatabricksServer, startDatabricksFake } from './databricks-harness.js';

let fake: FakeDatabricksServer;
let adapter: Adapter;
beforeAll(async () => {
  fake = await startDatabricksFake();
  adapter = await createAdapter(databricksCredentials(fake));
});
afterAll(async () => {
  await adapter.close();
  await fake.stop();
});

const failsWith = async (sql: string, text: string) => {
  const error = await expectCode(adapter.query(sql), [ErrorCode.QUERY_FAILED]);
  expect(error.message).toContain(text);
};

describe('the fake Databricks answers from the information_schema views a statement names', () => {
  it('returns only the selected columns, under their aliases, filtered and ordered', async () => {
    const result = await adapter.query(
      `SELECT table_name AS tbl, column_name FROM system.information_schema.columns
       WHERE table_schema = :schema AND table_name = 'customers' AND ordinal_position < 2 ORDER BY ordinal_position`,
      { schema: 'shop' },
    );
    expect(result.columns.map((c) => c.name)).toEqual(['tbl', 'column_name']);
    expect(result.rows).toEqual([
      { tbl: 'customers', column_name: 'id' },
      { tbl: 'customers', column_name: 'email' },
    ]);
  });

  it('fails a view that does not exist with TABLE_OR_VIEW_NOT_FOUND', async () => {
    await failsWith('SELECT table_name FROM system.information_schema.tablez', 'TABLE_OR_VIEW_NOT_FOUND');
    await failsWith('SELECT table_name FROM nocatalog.information_schema.tables', 'TABLE_OR_VIEW_NOT_FOUND');
  });

  it('fails a column the view does not have with UNRESOLVED_COLUMN, even where no row reaches it', async () => {
    await failsWith('SELECT table_kind FROM system.information_schema.tables', 'UNRESOLVED_COLUMN');
    const none = "SELECT table_name FROM system.information_schema.tables WHERE table_name = 'none'";
    await failsWith(`${none} ORDER BY owner`, '`owner`');
  });

  it("fails the adapter's own catalog query once one of its names is wrong", async () => {
    const good = informationSchemaQuery('columns', undefined);
    const result = await adapter.query(good);
    expect(result.columns.map((c) => c.name)).toEqual([
      'table_catalog',
      'table_schema',
      'table_name',
      'column_name',
      'ordinal_position',
      'column_default',
      'is_nullable',
      'full_data_type',
      'data_type',
      'is_identity',
      'is_generated',
      'partition_ordinal_position',
      'comment',
    ]);
    await failsWith(good.replace('full_data_type', 'full_type'), '`full_type`');
    await failsWith(informationSchemaQuery('schemata', undefined).replace('schemata', 'schemas'), 'schemas');
  });

  it("fails SQL the parser refuses with Databricks' PARSE_SYNTAX_ERROR", async () => {
    await failsWith('SELECT table_name FROM system.information_schema.tables WHERE', 'PARSE_SYNTAX_ERROR');
  });
});
