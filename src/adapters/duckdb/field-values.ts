import type { Database } from '../../catalog/model.js';
import { collectFieldValues, type FieldValueSettings } from '../kernel/field-values.js';
import { quoteIdentifier } from './column-stats.js';

/** Field values of the catalog's text columns: one bounded DISTINCT over the first rows of each. */
export function addDuckDbFieldValues(
  databases: Database[],
  settings: FieldValueSettings,
  select: (sql: string) => Promise<Record<string, unknown>[]>,
  signal: AbortSignal | undefined,
) {
  return collectFieldValues(databases, settings, {
    signal,
    select,
    distinctSql: (database, schema, table, column, { sampleRows, maxValues, maxValueLength }) =>
      `SELECT DISTINCT left(v::VARCHAR, ${maxValueLength}) AS value FROM (SELECT ${quoteIdentifier(column)} AS v FROM ${[database, schema, table].map(quoteIdentifier).join('.')} LIMIT ${sampleRows}) AS sample WHERE v IS NOT NULL LIMIT ${maxValues + 1}`,
  });
}
