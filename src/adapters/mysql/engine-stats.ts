/**
 * MariaDB's engine-independent statistics (mysql.column_stats, filled by `ANALYZE TABLE ... PERSISTENT FOR ALL`):
 * exact min/max and null ratio over the whole table, read for every table in one statement. Tables without them
 * fall back to the bounded sample; a session that may not read mysql.column_stats samples them all.
 */
import type { ColumnStats, Table } from '../../catalog/model.js';
import type { BoundSql } from './catalog-queries.js';

type Row = Record<string, unknown>;
const text = (value: unknown): string | undefined =>
  value === null || value === undefined ? undefined : Buffer.isBuffer(value) ? value.toString('utf8') : String(value);

export function columnStatsTableQuery(schemas: string[]): BoundSql {
  return {
    sql: `SELECT db_name, table_name, column_name, min_value, max_value, nulls_ratio, avg_frequency
FROM mysql.column_stats WHERE db_name IN (${schemas.length > 0 ? schemas.map(() => '?').join(', ') : 'NULL'})`,
    params: schemas,
  };
}

function toStats(row: Row, rowCount: number | undefined): ColumnStats {
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

/** Sets `stats` from the rows on the tables' columns; returns the tables that got figures. */
export function applyEngineStats(rows: Row[], tables: Array<{ schema: string; table: Table }>): Set<Table> {
  const byColumn = new Map<string, Row>();
  for (const row of rows)
    byColumn.set(`${text(row.db_name)}\u0000${text(row.table_name)}\u0000${text(row.column_name)}`, row);
  const covered = new Set<Table>();
  for (const { schema, table } of tables) {
    for (const column of table.columns) {
      const row = byColumn.get(`${schema}\u0000${table.name}\u0000${column.name}`);
      if (!row) continue;
      column.stats = toStats(row, table.rowCountEstimate);
      covered.add(table);
    }
  }
  return covered;
}
