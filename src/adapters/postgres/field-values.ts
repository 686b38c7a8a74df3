import type { Catalog } from '../../catalog/model.js';
import type { IntrospectOptions } from '../adapter.js';
import {
  type ColumnStatistic,
  collectFieldValues,
  type FieldValueSettings,
  statisticKey,
} from '../kernel/field-values.js';
import { quoteIdent } from '../kernel/sample-stats.js';
import type { PgSession } from '../pg-wire/connection.js';
import { fieldValueStatsQuery } from './catalog-queries.js';
import { parsePgArray } from './catalog-rows.js';

/** pg_stats rows as statistics: a negative n_distinct is a fraction of the row count (-1: every value distinct). */
function toStatistics(rows: Record<string, unknown>[]): Map<string, ColumnStatistic> {
  const out = new Map<string, ColumnStatistic>();
  for (const row of rows) {
    const nDistinct = row.n_distinct as number | null;
    const estimate = row.row_estimate as number | null;
    const distinct =
      nDistinct === null
        ? undefined
        : nDistinct >= 0
          ? nDistinct
          : estimate !== null
            ? -nDistinct * estimate
            : undefined;
    const values = parsePgArray(row.most_common_vals as string | null).filter((v): v is string => v !== null);
    out.set(statisticKey(String(row.schema), String(row.table), String(row.column)), {
      ...(distinct !== undefined ? { distinct: Math.round(distinct) } : {}),
      ...(values.length > 0 ? { values } : {}),
    });
  }
  return out;
}

/** Field values on PostgreSQL: one pg_stats read, then bounded queries for the columns it does not cover. */
export async function addPgFieldValues(
  session: PgSession,
  catalog: Catalog,
  settings: FieldValueSettings,
  options: IntrospectOptions,
): Promise<{ queries: number }> {
  const signal = options.signal;
  const query = fieldValueStatsQuery(options);
  const statistics = toStatistics((await session.run(query.text, query.values, { signal })).rows);
  const { warnings, queries } = await collectFieldValues(catalog.databases, settings, {
    statistics,
    signal,
    select: async (sql) => (await session.run(sql, undefined, { signal })).rows,
    distinctSql: (_database, schema, table, column, { sampleRows, maxValues, maxValueLength }) =>
      `SELECT DISTINCT left(v::text, ${maxValueLength}) AS value FROM (SELECT ${quoteIdent(column)} AS v FROM ${quoteIdent(schema)}.${quoteIdent(table)} LIMIT ${sampleRows}) AS sample WHERE v IS NOT NULL LIMIT ${maxValues + 1}`,
  });
  catalog.warnings.push(...warnings);
  return { queries: queries + 1 };
}
