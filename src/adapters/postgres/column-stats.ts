import type { ColumnStats } from '../../catalog/model.js';
import type { IntrospectOptions } from '../adapter.js';
import type { ColumnRow, ColumnStatsRow, RelationRow } from '../shared/assemble-catalog.js';
import { parsePgArray } from '../shared/pg-array.js';
import type { PgSession } from '../shared/pg-session.js';
import { type SampleSettings, sampleRelations } from '../shared/sample-stats.js';
import { statsQuery } from './queries.js';

export type StatsSettings = SampleSettings;
export { sampleSettings as statsSettings } from '../shared/sample-stats.js';

interface PgStatsRow {
  schema: string;
  table: string;
  column: string;
  null_frac: number | null;
  n_distinct: number | null;
  histogram_bounds: string | null;
  most_common_vals: string | null;
}

function fromPgStats(row: PgStatsRow, rowEstimate: number | undefined, settings: StatsSettings): ColumnStats {
  const bounds = parsePgArray(row.histogram_bounds).filter((v): v is string => v !== null);
  const common = parsePgArray(row.most_common_vals).filter((v): v is string => v !== null);
  // A negative n_distinct is a fraction of the row count (-1: every value distinct).
  const distinct =
    row.n_distinct === null
      ? undefined
      : row.n_distinct >= 0
        ? row.n_distinct
        : rowEstimate !== undefined
          ? Math.round(-row.n_distinct * rowEstimate)
          : undefined;
  return {
    ...(row.null_frac !== null ? { nullFraction: row.null_frac } : {}),
    ...(distinct !== undefined ? { distinctCount: distinct } : {}),
    ...(bounds.length > 0 ? { min: bounds[0]!, max: bounds[bounds.length - 1]! } : {}),
    ...(common.length > 0 ? { sampleValues: common.slice(0, settings.sampleValues) } : {}),
    source: 'statistics',
  };
}

/**
 * Column statistics: pg_stats in one query for every table; tables without statistics (never analyzed) get a
 * bounded sample (LIMIT sampleRows) instead, one statement each.
 */
export async function readColumnStats(
  session: PgSession,
  options: IntrospectOptions,
  settings: StatsSettings,
  relations: Array<RelationRow & { canSelect: boolean }>,
  columns: ColumnRow[],
  onError: (relation: RelationRow, error: unknown) => void,
): Promise<ColumnStatsRow[]> {
  const query = statsQuery(options);
  const { rows } = await session.run<PgStatsRow & Record<string, unknown>>(query.text, query.values, options);
  const estimates = new Map(relations.map((r) => [`${r.schema}.${r.table}`, r.rowCountEstimate ?? undefined]));
  const out: ColumnStatsRow[] = [];
  const withStats = new Set<string>();
  for (const row of rows) {
    const key = `${row.schema}.${row.table}`;
    withStats.add(key);
    const database = relations[0]?.database ?? '';
    const stats = fromPgStats(row, estimates.get(key), settings);
    out.push({ database, schema: row.schema, table: row.table, column: row.column, stats });
  }
  const sampled = relations.filter(
    (r) => r.canSelect && r.kind !== 'view' && r.kind !== 'foreign' && !withStats.has(`${r.schema}.${r.table}`),
  );
  out.push(...(await sampleRelations(session, sampled, columns, settings, { signal: options.signal, onError })));
  return out;
}
