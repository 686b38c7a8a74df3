/**
 * The hostile corpus of the dialects with no local server (Redshift, Snowflake, BigQuery, SQL Server, Databricks):
 * the parser alone must refuse each (the real-server checks of PostgreSQL, MariaDB and DuckDB are in
 * hostile-sql-postgres/-mariadb/-duckdb). Both corpora: the older one by category and the per-class one with the shop
 * fixture's tables in scope. Counted per dialect and class for the suite's figures.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkReadOnlySql, loadSqlParser } from '../../src/sql/index.js';
import { hostileSql } from '../fixtures/hostile-sql.js';
import { hostileClasses } from '../fixtures/hostile-sql-classes.js';
import { shopScope } from '../fixtures/shop-scope.js';

const executedLocally = new Set(['postgresql', 'mysql', 'duckdb']);
const tally = new Map<string, { tried: number; refused: number }>();

beforeAll(async () => {
  await loadSqlParser();
});
afterAll(() => {
  const lines = [...tally].sort(([a], [b]) => a.localeCompare(b)).map(([k, c]) => `  ${k}: ${c.refused}/${c.tried}`);
  console.log(`[reliability] hostile SQL, parser only (refused/tried per dialect and class):\n${lines.join('\n')}`);
});

function count(dialect: string, label: string, refused: boolean): void {
  const counts = tally.get(`${dialect} ${label}`) ?? { tried: 0, refused: 0 };
  counts.tried++;
  if (refused) counts.refused++;
  tally.set(`${dialect} ${label}`, counts);
}

describe('hostile SQL in dialects without a local server', () => {
  it('the read-only guard refuses every statement of the older corpus', () => {
    const cases = hostileSql.filter((c) => !executedLocally.has(c.dialect));
    expect(cases.length).toBeGreaterThanOrEqual(50);
    const accepted: string[] = [];
    for (const hostile of cases) {
      const check = checkReadOnlySql(hostile.sql, hostile.dialect);
      count(hostile.dialect, hostile.category, !check.ok);
      if (check.ok) accepted.push(`${hostile.dialect}: ${hostile.sql}`);
    }
    expect(accepted).toEqual([]);
  });

  it('the guard, with the catalog in scope, refuses every statement of the per-class corpus', () => {
    // Exhaustion is for the statement timeout and byte caps; the guard may let it through.
    const cases = hostileClasses.filter((c) => !executedLocally.has(c.dialect) && c.cls !== 'resource-exhaustion');
    expect(new Set(cases.map((c) => c.dialect)).size).toBe(5);
    const accepted: string[] = [];
    for (const hostile of cases) {
      const check = checkReadOnlySql(hostile.sql, hostile.dialect, { scope: shopScope(hostile.dialect) });
      count(hostile.dialect, hostile.cls, !check.ok);
      if (check.ok) accepted.push(`${hostile.dialect} ${hostile.cls}: ${hostile.sql}`);
    }
    expect(accepted).toEqual([]);
  });
});
