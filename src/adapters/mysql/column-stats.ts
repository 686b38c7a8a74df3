import type { CatalogWarning, Column, ColumnStats, Table } from '../../catalog/model.js';
import { type DatataskError, throwIfAborted } from '../../core/errors.js';
import { isFatalForOptionalPart } from '../kernel/optional-part.js';
import { omittedSampleWarning, type SampleSettings } from '../kernel/sample-stats.js';

/** Families whose values say nothing useful as text (or are too big to sample). */
const skippedFamilies = new Set<Column['type']>(['binary', 'geography', 'json', 'struct', 'array', 'other']);
const numericFamilies = new Set<Column['type']>(['integer', 'decimal', 'float', 'boolean']);
const maxSampleValueLength = 200;

export function quoteIdentifier(name: string): string {
  return `\`${name.replace(/`/g, '``')}\``;
}

function asText(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value instanceof Date) return value.toISOString();
  return String(value);
}

/** Figures for one column from the sampled values (nulls included). */
export function statsFromSample(column: Column, values: unknown[], sampleValues: number): ColumnStats {
  const present = values.filter((value) => value !== null && value !== undefined);
  const texts = present.map(asText);
  const distinct = [...new Set(texts)];
  const numeric = numericFamilies.has(column.type);
  // Numbers (DECIMAL arrives as text) compare by value; dates as ISO-like text compare as text.
  const compare = numeric
    ? (a: string, b: string) => Number(a) - Number(b)
    : (a: string, b: string) => (a < b ? -1 : 1);
  const sorted = [...distinct].sort(compare);
  return {
    source: 'sample',
    ...(values.length > 0 ? { nullFraction: (values.length - present.length) / values.length } : {}),
    distinctCount: distinct.length,
    ...(sorted.length > 0 ? { min: sorted[0]!, max: sorted[sorted.length - 1]! } : {}),
    sampleValues: distinct.slice(0, sampleValues).map((value) => value.slice(0, maxSampleValueLength)),
  };
}

export type StatsSettings = SampleSettings;
export { sampleSettings as statsSettings } from '../kernel/sample-stats.js';

/**
 * Fills `stats` of each column of each table from a bounded sample (`SELECT ... LIMIT n`, one statement per table),
 * for at most `sampleTables` tables (those not known to be empty first); the others are named in one warning.
 * A table whose sample cannot be read becomes a warning.
 */
export async function addSampleStats(
  tables: Array<{ schema: string; table: Table }>,
  settings: StatsSettings,
  scopePrefix: string,
  select: (sql: string) => Promise<Record<string, unknown>[]>,
  signal: AbortSignal | undefined,
): Promise<CatalogWarning[]> {
  const warnings: CatalogWarning[] = [];
  const ordered = [...tables].sort(
    (a, b) => Number(a.table.rowCountEstimate === 0) - Number(b.table.rowCountEstimate === 0),
  );
  const omitted = ordered.slice(settings.sampleTables);
  if (omitted.length > 0) {
    const relations = omitted.map(({ schema, table }) => ({ schema, table: table.name }));
    warnings.push(omittedSampleWarning(scopePrefix, relations, settings.sampleTables));
  }
  for (const { schema, table } of ordered.slice(0, settings.sampleTables)) {
    throwIfAborted(signal);
    const columns = table.columns.filter((column) => !skippedFamilies.has(column.type));
    if (columns.length === 0) continue;
    const list = columns.map((column) => quoteIdentifier(column.name)).join(', ');
    const sql = `SELECT ${list} FROM ${quoteIdentifier(schema)}.${quoteIdentifier(table.name)} LIMIT ${Math.max(1, Math.floor(settings.sampleRows))}`;
    try {
      const rows = await select(sql);
      for (const column of columns) {
        column.stats = statsFromSample(
          column,
          rows.map((row) => row[column.name]),
          settings.sampleValues,
        );
      }
    } catch (error) {
      if (isFatalForOptionalPart(error, signal)) throw error;
      warnings.push({
        code: (error as DatataskError).code,
        message: `Column statistics unavailable: ${(error as Error).message}`,
        scope: `${scopePrefix}.${schema}.${table.name}`,
      });
    }
  }
  return warnings;
}
