import type { CatalogWarning, Database } from '../../catalog/model.js';
import {
  type ColumnStatistic,
  collectFieldValues,
  type FieldValueSettings,
  statisticKey,
} from '../kernel/field-values.js';
import type { BoundSql } from './catalog-queries.js';
import type { Row } from './catalog-rows.js';
import { quoteIdentifier } from './column-stats.js';

/**
 * Index cardinality of leading index columns (information_schema.STATISTICS, InnoDB's estimate): a column known to
 * have more distinct values than `maxValues` needs no value query. MySQL and MariaDB keep no readable list of common
 * values without histograms, so the values themselves come from bounded queries.
 */
async function indexCardinality(
  databases: Database[],
  select: (query: BoundSql) => Promise<Row[]>,
): Promise<Map<string, ColumnStatistic>> {
  const schemas = databases.flatMap((database) => database.schemas.map((schema) => schema.name));
  const out = new Map<string, ColumnStatistic>();
  if (schemas.length === 0) return out;
  const rows = await select({
    sql: `SELECT TABLE_SCHEMA, TABLE_NAME, COLUMN_NAME, MAX(CARDINALITY) AS CARDINALITY FROM information_schema.STATISTICS
      WHERE SEQ_IN_INDEX = 1 AND CARDINALITY IS NOT NULL AND TABLE_SCHEMA IN (${schemas.map(() => '?').join(', ')})
      GROUP BY TABLE_SCHEMA, TABLE_NAME, COLUMN_NAME`,
    params: schemas,
  });
  for (const row of rows) {
    const key = statisticKey(String(row.TABLE_SCHEMA), String(row.TABLE_NAME), String(row.COLUMN_NAME));
    out.set(key, { distinct: Number(row.CARDINALITY) });
  }
  return out;
}

export async function addMysqlFieldValues(
  databases: Database[],
  settings: FieldValueSettings,
  select: (query: BoundSql) => Promise<Row[]>,
  signal: AbortSignal | undefined,
): Promise<CatalogWarning[]> {
  const statistics = await indexCardinality(databases, select);
  const collected = await collectFieldValues(databases, settings, {
    signal,
    statistics,
    select: (sql) => select({ sql, params: [] }),
    distinctSql: (_database, schema, table, column, { sampleRows, maxValues, maxValueLength }) =>
      `SELECT DISTINCT LEFT(CAST(v AS CHAR), ${maxValueLength}) AS value FROM (SELECT ${quoteIdentifier(column)} AS v FROM ${quoteIdentifier(schema)}.${quoteIdentifier(table)} LIMIT ${sampleRows}) AS sample WHERE v IS NOT NULL LIMIT ${maxValues + 1}`,
  });
  return collected.warnings;
}
