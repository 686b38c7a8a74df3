/**
 * The fake Snowflake checks the SQL it is sent: statements are parsed (snowflake) and INFORMATION_SCHEMA queries read
 * the views they name, so a wrong view or column fails as on Snowflake, and only the selected columns come back.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Adapter } from '../../src/adapters/adapter.js';
import { createAdapter } from '../../src/adapters/create-adapter.js';
import { informationSchemaColumnsSql } from '../../src/adapters/snowflake/catalog-queries.js';
import { ErrorCode } from '../../src/core/errors.js';
import { expectCode } from '../contract/contract-helpers.js';
import type { FakeSnowflake } from '../fakes/snowflake/index.js';
import { snowflakeCredentials, startSnowflakeFake } from './snowflake-harness.js';

let fake: FakeSnowflake;
let adapter: Adapter;
beforeAll(async () => {
  fake = await startSnowflakeFake();
  adapter = await createAdapter(snowflakeCredentials(fake));
});
afterAll(async () => {
  await adapter.close();
  await fake.close();
});

const failsWith = async (sql: string, text: string) => {
  const error = await expectCode(adapter.query(sql), [ErrorCode.QUERY_FAILED]);
  expect(error.message).toContain(text);
};

describe('the fake Snowflake answers from the INFORMATION_SCHEMA views a statement names', () => {
  it('returns only the selected columns, names folded as Snowflake folds them', async () => {
    const result = await adapter.query(
      `SELECT column_name AS name, ORDINAL_POSITION AS "pos" FROM SHOPDB.INFORMATION_SCHEMA.COLUMNS
       WHERE TABLE_SCHEMA = 'SHOP' AND table_name = 'CUSTOMERS' AND ordinal_position <= 2 ORDER BY "pos"`,
    );
    expect(result.columns.map((c) => c.name)).toEqual(['NAME', 'pos']);
    expect(result.rows).toEqual([
      { NAME: 'ID', pos: 1 },
      { NAME: 'EMAIL', pos: 2 },
    ]);
  });

  it('fails a view that does not exist with 002003', async () => {
    await failsWith('SELECT TABLE_NAME FROM SHOPDB.INFORMATION_SCHEMA.TABLEZ', 'does not exist or not authorized');
    await failsWith('SELECT TABLE_NAME FROM NODB.INFORMATION_SCHEMA.TABLES', 'does not exist or not authorized');
  });

  it('fails a column the view does not have (000904), even where no row reaches it', async () => {
    await failsWith('SELECT DATABASE_NAME FROM SHOPDB.INFORMATION_SCHEMA.TABLES', "invalid identifier 'DATABASE_NAME'");
    const none = "SELECT TABLE_NAME FROM SHOPDB.INFORMATION_SCHEMA.TABLES WHERE TABLE_NAME = 'NONE'";
    await failsWith(`${none} ORDER BY KIND`, "invalid identifier 'KIND'");
    // Quoted names are exact: the view's columns are upper case.
    await failsWith('SELECT "table_name" FROM SHOPDB.INFORMATION_SCHEMA.TABLES', "invalid identifier 'table_name'");
  });

  it("fails the adapter's own catalog query once one of its names is wrong", async () => {
    const good = informationSchemaColumnsSql('SHOPDB');
    const result = await adapter.query(good);
    expect(result.columns.map((c) => c.name)).toEqual([
      'database_name',
      'schema_name',
      'table_name',
      'column_name',
      'data_type',
      'default',
      'comment',
      'autoincrement',
    ]);
    const email = result.rows.find((row) => row.table_name === 'CUSTOMERS' && row.column_name === 'EMAIL');
    expect(JSON.parse(String(email?.data_type))).toMatchObject({ type: 'TEXT', nullable: false });
    await failsWith(good.replace('IS_IDENTITY', 'IDENTITY'), "invalid identifier 'IDENTITY'");
    await failsWith(good.replace('INFORMATION_SCHEMA.COLUMNS', 'INFORMATION_SCHEMA.FIELDS'), 'does not exist');
  });

  it("fails SQL the parser refuses with Snowflake's syntax error (001003)", async () => {
    await failsWith('SELECT TABLE_NAME FROM SHOPDB.INFORMATION_SCHEMA.TABLES WHERE', 'syntax error');
    await failsWith('SHOW TABLEZ IN ACCOUNT', 'syntax error');
  });
});
