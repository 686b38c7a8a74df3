import type { CatalogWarning, Column, ColumnStats, TypeFamily } from '../../catalog/model.js';
import { type DatataskError, throwIfAborted } from '../../core/errors.js';
import type { CatalogRows, ColumnStatsRow, RelationRow } from '../kernel/assemble-catalog.js';
import { isFatalForOptionalPart } from '../kernel/optional-part.js';
import { omittedSampleWarning, type SampleSettings } from '../kernel/sample-stats.js';
import type { BoundSql } from './catalog-queries.js';

type Row = Record<string, unknown>;

/** Families whose values say nothing useful as text (or are too big to sample). */
const skippedFamilies = new Set<TypeFamily | undefined>(['binary', 'geography', 'json', 'struct', 'array', 'other']);
const numericFamilies = new Set<TypeFamily | undefined>(['integer', 'decimal', 'float', 'boolean']);
const maxSampleValueLength = 200;

export function quoteIdentifier(name: string): string {
  return `\`${name.replace(/`/g, '``')}\``;
}

const text = (value: unknown): string | undefined =>
  value === null || value === undefined ? undefined : Buffer.isBuffer(value) ? value.toString('utf8') : String(value);

function asText(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value instanceof Date) return value.toISOString();
  return String(value);
}

/** A table to give figures to, with its columns in order. */
interface StatsTarget {
  relation: RelationRow;
  columns: Column[];
}

/** The tables (not views) of the catalog rows, schema by schema, in row order. */
function statsTargets(rows: CatalogRows): StatsTarget[] {
  const columns = new Map((rows.columnGroups ?? []).map((group) => [`${group.schema}\u0000${group.table}`, group]));
  return rows.schemas.flatMap((schema) =>
    rows.relations
      .filter((relation) => relation.schema === schema.schema && relation.kind !== 'view')
      .map((relation) => ({
        relation,
        columns: columns.get(`${relation.schema}\u0000${relation.table}`)?.columns ?? [],
      })),
  );
}

const statsRow = (relation: RelationRow, column: string, stats: ColumnStats): ColumnStatsRow => ({
  database: relation.database,
  schema: relation.schema,
  table: relation.table,
  column,
  stats,
});

/**
 * MariaDB's engine-independent statistics (mysql.column_stats, filled by `ANALYZE TABLE ... PERSISTENT FOR ALL`):
 * exact min/max and null ratio over the whole table, read for every table in one statement. Tables without them
 * fall back to the bounded sample; a session that may not read mysql.column_stats samples them all.
 */
export function columnStatsTableQuery(schemas: string[]): BoundSql {
  return {
    sql: `SELECT db_name, table_name, column_name, min_value, max_value, nulls_ratio, avg_frequency
FROM mysql.column_stats WHERE db_name IN (${schemas.length > 0 ? schemas.map(() => '?').join(', ') : 'NULL'})`,
    params: schemas,
  };
}

function engineStats(row: Row, rowCount: number | undefined): ColumnStats {
  const nulls = row.nulls_ratio === null ? undefined : Number(row.nulls_ratio);
  const frequency = row.avg_frequency === null ? undefined : Number(row.avg_frequency);
  // avg_frequency: rows per distinct non-null value.
  const distinct =
    rowCount !== undefined && frequency !== undefined && frequency > 0
      ? Math.round((rowCount * (1 - (nulls ?? 0))) / frequency)
      : undefined;
  const [min, max] = [text(row.min_value), text(row.max_value)];
  return {
    source: 'statistics',
    ...(nulls !== undefined && nulls >= 0 && nulls <= 1 ? { nullFraction: nulls } : {}),
    ...(distinct !== undefined ? { distinctCount: distinct } : {}),
    ...(min !== undefined && max !== undefined ? { min, max } : {}),
  };
}

/** Figures from the mysql.column_stats rows, and the targets that got some. */
function applyEngineStats(rows: Row[], targets: StatsTarget[]): { stats: ColumnStatsRow[]; covered: Set<StatsTarget> } {
  const byColumn = new Map<string, Row>();
  for (const row of rows)
    byColumn.set(`${text(row.db_name)}\u0000${text(row.table_name)}\u0000${text(row.column_name)}`, row);
  const stats: ColumnStatsRow[] = [];
  const covered = new Set<StatsTarget>();
  for (const target of targets) {
    const { relation } = target;
    for (const column of target.columns) {
      const row = byColumn.get(`${relation.schema}\u0000${relation.table}\u0000${column.name}`);
      if (!row) continue;
      stats.push(statsRow(relation, column.name, engineStats(row, relation.rowCountEstimate ?? undefined)));
      covered.add(target);
    }
  }
  return { stats, covered };
}

/** Figures for one column from the sampled values (nulls included). */
export function statsFromSample(
  column: { type?: TypeFamily | undefined },
  values: unknown[],
  sampleValues: number,
): ColumnStats {
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

export { sampleSettings as statsSettings } from '../kernel/sample-stats.js';

/**
 * Figures for each column of each target from a bounded sample (`SELECT ... LIMIT n`, one statement per table),
 * for at most `sampleTables` tables (those not known to be empty first); the others are named in one warning.
 * A table whose sample cannot be read becomes a warning.
 */
async function sampleStats(
  targets: StatsTarget[],
  settings: SampleSettings,
  scopePrefix: string,
  select: (sql: string) => Promise<Row[]>,
  signal: AbortSignal | undefined,
): Promise<{ stats: ColumnStatsRow[]; warnings: CatalogWarning[] }> {
  const stats: ColumnStatsRow[] = [];
  const warnings: CatalogWarning[] = [];
  const empty = (target: StatsTarget) => Number(target.relation.rowCountEstimate === 0);
  const ordered = [...targets].sort((a, b) => empty(a) - empty(b));
  const omitted = ordered.slice(settings.sampleTables).map((target) => target.relation);
  if (omitted.length > 0) warnings.push(omittedSampleWarning(scopePrefix, omitted, settings.sampleTables));
  for (const { relation, columns: all } of ordered.slice(0, settings.sampleTables)) {
    throwIfAborted(signal);
    const columns = all.filter((column) => !skippedFamilies.has(column.type));
    if (columns.length === 0) continue;
    const list = columns.map((column) => quoteIdentifier(column.name)).join(', ');
    const sql = `SELECT ${list} FROM ${quoteIdentifier(relation.schema)}.${quoteIdentifier(relation.table)} LIMIT ${Math.max(1, Math.floor(settings.sampleRows))}`;
    try {
      const rows = await select(sql);
      for (const column of columns) {
        const values = rows.map((row) => row[column.name]);
        stats.push(statsRow(relation, column.name, statsFromSample(column, values, settings.sampleValues)));
      }
    } catch (error) {
      if (isFatalForOptionalPart(error, signal)) throw error;
      warnings.push({
        code: (error as DatataskError).code,
        message: `Column statistics unavailable: ${(error as Error).message}`,
        scope: `${scopePrefix}.${relation.schema}.${relation.table}`,
      });
    }
  }
  return { stats, warnings };
}

/**
 * Column statistics of every table of the catalog rows: MariaDB's engine statistics for the tables that have them
 * (one statement; a session that may not read them samples every table), a bounded sample for the rest.
 */
export async function readColumnStats(
  rows: CatalogRows,
  settings: SampleSettings,
  context: {
    databaseName: string;
    isMariaDb: boolean;
    select: (query: BoundSql) => Promise<Row[]>;
    signal?: AbortSignal | undefined;
  },
): Promise<{ stats: ColumnStatsRow[]; warnings: CatalogWarning[] }> {
  const { databaseName, select, signal } = context;
  const targets = statsTargets(rows);
  const engineRows = context.isMariaDb
    ? await select(columnStatsTableQuery(rows.schemas.map((schema) => schema.schema))).catch((error: unknown) => {
        if (isFatalForOptionalPart(error, signal)) throw error;
        return [];
      })
    : [];
  const engine = applyEngineStats(engineRows, targets);
  const unsampled = targets.filter((target) => !engine.covered.has(target));
  const sampled = await sampleStats(unsampled, settings, databaseName, (sql) => select({ sql, params: [] }), signal);
  return { stats: [...engine.stats, ...sampled.stats], warnings: sampled.warnings };
}
