/**
 * The hostile corpus of the dialects with no local server (Redshift, Snowflake, BigQuery, SQL Server, Databricks,
 * DuckDB): the parser alone must refuse each (the real-server checks of PostgreSQL and MariaDB are in
 * hostile-sql-postgres/-mariadb). Counted for the suite's figures.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkReadOnlySql, loadSqlParser } from '../../src/sql/index.js';
import { hostileSql } from '../fixtures/hostile-sql.js';

const tally = { tried: 0, refusedByParser: 0 };
beforeAll(async () => {
  await loadSqlParser();
});
afterAll(() => console.log(`[reliability] hostile SQL, parser only ${JSON.stringify(tally)}`));

describe('hostile SQL in dialects without a local server', () => {
  const cases = hostileSql.filter((c) => c.dialect !== 'postgresql' && c.dialect !== 'mysql');

  it('the read-only guard refuses every statement', () => {
    expect(cases.length).toBeGreaterThanOrEqual(60);
    const accepted: string[] = [];
    for (const hostile of cases) {
      tally.tried++;
      const check = checkReadOnlySql(hostile.sql, hostile.dialect);
      if (check.ok) accepted.push(`${hostile.dialect}: ${hostile.sql}`);
      else tally.refusedByParser++;
    }
    expect(accepted).toEqual([]);
  });
});
