/**
 * The fake BigQuery checks the SQL it is sent: statements are parsed (bigquery) and INFORMATION_SCHEMA queries read
 * the views they name, so a wrong view or column fails as on BigQuery, and only the selected columns come back.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Adapter } from '../../src/adapters/adapter.js';
import { createBigQueryAdapter } from '../../src/adapters/bigquery/index.js';
import { datasetQualifier, regionQualifier, viewQuery } from '../../src/adapters/bigquery/queries.js';
import { ErrorCode } from '../../src/core/errors.js';
import { expectCode } from '../contract/contract-helpers.js';
import { type FakeBigQuery, startFakeBigQuery } from '../fakes/bigquery/server.js';

process.env.METADATA_SERVER_DETECTION = 'none';

let fake: FakeBigQuery;
let adapter: Adapter;
let region: string;
beforeAll(async () => {
  fake = await startFakeBigQuery();
  adapter = createBigQueryAdapter({
    type: 'bigquery',
    projectId: fake.world.projectId,
    apiEndpoint: fake.url,
    accessToken: fake.token,
  });
  region = regionQualifier(fake.world.projectId, fake.world.location);
});
afterAll(async () => {
  await adapter.close();
  await fake.close();
});

const failsWith = async (sql: string, text: string) => {
  const error = await expectCode(adapter.query(sql), [ErrorCode.QUERY_FAILED]);
  expect(error.message).toContain(text);
};

describe('the fake BigQuery answers from the INFORMATION_SCHEMA views a statement names', () => {
  it('returns only the selected columns, under their aliases, filtered and ordered', async () => {
    const result = await adapter.query(
      `SELECT table_name AS name, ordinal_position FROM ${region}.INFORMATION_SCHEMA.COLUMNS
       WHERE table_schema = 'shop' AND table_name = 'customers' ORDER BY ordinal_position DESC LIMIT 2`,
    );
    expect(result.columns.map((c) => c.name)).toEqual(['name', 'ordinal_position']);
    expect(result.rows).toHaveLength(2);
    expect(result.rows.every((row) => Object.keys(row).length === 2 && row.name === 'customers')).toBe(true);
    expect(Number(result.rows[0]!.ordinal_position)).toBeGreaterThan(Number(result.rows[1]!.ordinal_position));
  });

  it('binds @parameters, arrays through IN UNNEST', async () => {
    const sql = viewQuery('SCHEMATA', [region], { datasets: true });
    const result = await adapter.query(sql, { datasets: ['shop'] });
    expect(result.rows).toEqual([{ schema_name: 'shop', location: fake.world.location }]);
  });

  it('fails a view that does not exist', async () => {
    await failsWith(`SELECT table_name FROM ${region}.INFORMATION_SCHEMA.TABLEZ`, 'INFORMATION_SCHEMA.TABLEZ');
  });

  it('fails a column the view does not have, even where no row reaches it', async () => {
    await failsWith(
      `SELECT dataset_name FROM ${region}.INFORMATION_SCHEMA.SCHEMATA`,
      'Unrecognized name: dataset_name',
    );
    const shop = datasetQualifier(fake.world.projectId, 'shop');
    const none = `SELECT table_name FROM ${shop}.INFORMATION_SCHEMA.TABLE_CONSTRAINTS WHERE table_name = 'none'`;
    await failsWith(`${none} ORDER BY constraint_kind`, 'Unrecognized name: constraint_kind');
  });

  it("fails the adapter's own catalog query once one of its names is wrong", async () => {
    const good = viewQuery('TABLES', [region]);
    expect((await adapter.query(good)).columns.map((c) => c.name)).toEqual([
      'table_schema',
      'table_name',
      'table_type',
      'ddl',
    ]);
    await failsWith(good.replace('table_type = ', 'kind = '), 'Unrecognized name: kind');
    const storage = viewQuery('TABLE_STORAGE', [region]);
    await failsWith(storage.replace('deleted = FALSE', 'is_deleted = FALSE'), 'Unrecognized name: is_deleted');
  });

  it("fails SQL the parser refuses with BigQuery's syntax error", async () => {
    await failsWith(`SELECT FROM ${region}.INFORMATION_SCHEMA.TABLES`, 'Syntax error');
  });
});
