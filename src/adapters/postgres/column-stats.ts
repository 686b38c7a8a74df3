import type { CatalogWarning, ColumnStats } from '../../catalog/model.js';
import type { IntrospectOptions } from '../adapter.js';
import type { ColumnRow, ColumnStatsRow, RelationRow } from '../kernel/assemble-catalog.js';
import { omittedSampleWarning, type SampleSettings, sampleRelations } from '../kernel/sample-stats.js';
import { parsePgArray } from '../shared/pg-array.js';
import type { PgSession } from '../shared/pg-session.js';
import { statsQuery } from './queries.js';
import { extremes, textOrder } from './stats-bounds.js';

export type StatsSettings = SampleSettings;
export { sampleSettings as statsSettings } from '../kernel/sample-stats.js';

export interface PgStatsRow {
  schema: string;
  table: string;
  column: string;
  null_frac: number | null;
  n_distinct: number | null;
  base_type: string;
  histogram_bounds: string | null;
  most_common_vals: string | null;
  text_min: string | null;
  text_max: string | null;
  iso_dates: boolean;
}

const present = (values: Array<string | null>) => values.filter((v): v is string => v !== null);

/** Min and max over the histogram and the most common values together (text types: computed by the server). */
function bounds(row: PgStatsRow, common: string[]): { min: string; max: string } | undefined {
  if (row.text_min !== null && row.text_max !== null) return { min: row.text_min, max: row.text_max };
  const values = [...present(parsePgArray(row.histogram_bounds)), ...common];
  return extremes(values, textOrder(row.base_type, row.iso_dates));
}

function fromPgStats(row: PgStatsRow, rowEstimate: number | undefined, settings: StatsSettings): ColumnStats {
  const common = present(parsePgArray(row.most_common_vals));
  // A negative n_distinct is a fraction of the row count (-1: every value distinct).
  const distinct =
    row.n_distinct === null
      ? undefined
      : row.n_distinct >= 0
        ? row.n_distinct
        : rowEstimate !== undefined
          ? Math.round(-row.n_distinct * rowEstimate)
          : undefined;
  const range = bounds(row, common);
  return {
    ...(row.null_frac !== null ? { nullFraction: row.null_frac } : {}),
    ...(distinct !== undefined ? { distinctCount: distinct } : {}),
    ...(range ?? {}),
    ...(common.length > 0 ? { sampleValues: common.slice(0, settings.sampleValues) } : {}),
    source: 'statistics',
  };
}

/** Tables worth sampling first: unknown or positive row estimates before tables ANALYZE found empty. */
const samplingOrder = (a: RelationRow, b: RelationRow) =>
  Number(a.rowCountEstimate === 0) - Number(b.rowCountEstimate === 0);

/** pg_stats for every table at once (one statement). */
export async function readPgStats(session: PgSession, options: IntrospectOptions): Promise<PgStatsRow[]> {
  const query = statsQuery(options);
  return (await session.run<PgStatsRow & Record<string, unknown>>(query.text, query.values, options)).rows;
}

/**
 * Column statistics from the pg_stats rows; tables without statistics (never analyzed) get a bounded sample
 * instead (`sampleRows` rows each, at most `sampleTables` tables, one statement each): the tables beyond the cap
 * are named in a warning.
 */
export async function columnStats(
  session: PgSession,
  pgStats: PgStatsRow[],
  context: {
    options: IntrospectOptions;
    settings: StatsSettings;
    relations: Array<RelationRow & { canSelect: boolean }>;
    columns: ColumnRow[];
    warnings: CatalogWarning[];
    onError: (relation: RelationRow, error: unknown) => void;
  },
): Promise<ColumnStatsRow[]> {
  const { options, settings, relations, columns, warnings, onError } = context;
  const estimates = new Map(relations.map((r) => [`${r.schema}\u0000${r.table}`, r.rowCountEstimate ?? undefined]));
  const database = relations[0]?.database ?? '';
  const out: ColumnStatsRow[] = [];
  const withStats = new Set<string>();
  for (const row of pgStats) {
    const key = `${row.schema}\u0000${row.table}`;
    withStats.add(key);
    const stats = fromPgStats(row, estimates.get(key), settings);
    out.push({ database, schema: row.schema, table: row.table, column: row.column, stats });
  }
  const unanalyzed = relations
    .filter(
      (r) => r.canSelect && r.kind !== 'view' && r.kind !== 'foreign' && !withStats.has(`${r.schema}\u0000${r.table}`),
    )
    .sort(samplingOrder);
  const sampled = await sampleRelations(session, unanalyzed, columns, settings, {
    signal: options.signal,
    onError,
    onOmitted: (omitted) => warnings.push(omittedSampleWarning(database, omitted, settings.sampleTables)),
  });
  for (const row of sampled) out.push(row);
  return out;
}
