import type { CatalogWarning, ColumnStats } from '../../catalog/model.js';
import type { IntrospectOptions } from '../adapter.js';
import type { ColumnRow, ColumnStatsRow, RelationRow } from '../kernel/assemble-catalog.js';
import { omittedSampleWarning, type SampleSettings } from '../kernel/sample-stats.js';
import { sampleRelations } from '../pg-wire/column-stats.js';
import type { PgSession } from '../pg-wire/connection.js';
import { statsQuery } from './catalog-queries.js';
import { parsePgArray } from './catalog-rows.js';

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
    columns: Array<Pick<ColumnRow, 'schema' | 'table' | 'name'>>;
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

/**
 * Min and max from pg_stats. `histogram_bounds` leaves out the most common values, so the true extremes are the
 * extremes of both lists together, compared in the column type's own order. Text types are compared by the server
 * (collation order, see statsQuery); here only types whose text form has an order we can reproduce exactly are
 * compared. For any other type the answer is "none": a wrong figure is worse than none.
 */
type Compare = (a: string, b: string) => number;

const plainDecimal = /^-?\d+(\.\d+)?$/;

/** Orders decimal text exactly (no float rounding of bigint/numeric); NaN sorts above Infinity, as in PostgreSQL. */
function compareNumbers(a: string, b: string): number {
  if (plainDecimal.test(a) && plainDecimal.test(b)) return compareDecimals(a, b);
  if (a === 'NaN' || b === 'NaN') return (a === 'NaN' ? 1 : 0) - (b === 'NaN' ? 1 : 0);
  const [x, y] = [Number(a), Number(b)];
  if (Number.isNaN(x) || Number.isNaN(y)) throw new Unordered();
  return x < y ? -1 : x > y ? 1 : 0;
}

function compareDecimals(a: string, b: string): number {
  const negative = (text: string) => text.startsWith('-');
  if (negative(a) !== negative(b)) return negative(a) ? -1 : 1;
  const sign = negative(a) ? -1 : 1;
  const [ai = '', af = ''] = a.replace('-', '').split('.');
  const [bi = '', bf = ''] = b.replace('-', '').split('.');
  const [x, y] = [ai.replace(/^0+(?=\d)/, ''), bi.replace(/^0+(?=\d)/, '')];
  if (x.length !== y.length) return sign * (x.length - y.length);
  if (x !== y) return sign * (x < y ? -1 : 1);
  const width = Math.max(af.length, bf.length);
  const [p, q] = [af.padEnd(width, '0'), bf.padEnd(width, '0')];
  return p === q ? 0 : sign * (p < q ? -1 : 1);
}

const isoDateTime =
  /^(\d{4,})-(\d\d)-(\d\d)(?: (\d\d):(\d\d):(\d\d)(?:\.(\d{1,6}))?)?([+-]\d\d(?::?\d\d(?::?\d\d)?)?)?( BC)?$/;

/**
 * A sortable key for ISO date/timestamp text (DateStyle ISO): [kind, instant, fraction], with -infinity and
 * infinity at the ends and BC years negative. Undefined when the text is not in that form.
 */
function dateKey(text: string, withZone: boolean): [number, number, number] | undefined {
  if (text === '-infinity') return [-1, 0, 0];
  if (text === 'infinity') return [1, 0, 0];
  const match = isoDateTime.exec(text);
  if (!match) return undefined;
  const [, y, mo, d, h = '0', mi = '0', s = '0', fraction = '', zone, bc] = match;
  if (withZone !== (zone !== undefined)) return undefined;
  // 1 BC is year 0 of the proleptic calendar Date.UTC uses.
  const year = bc ? 1 - Number(y) : Number(y);
  let instant = Date.UTC(year, Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s));
  if (year >= 0 && year < 100) instant = new Date(instant).setUTCFullYear(year);
  if (zone) {
    const [zh = '0', zm = '0', zs = '0'] = zone.slice(1).split(':');
    const offset = (Number(zh) * 3600 + Number(zm) * 60 + Number(zs)) * 1000;
    instant -= zone.startsWith('-') ? -offset : offset;
  }
  return [0, instant, Number(fraction.padEnd(6, '0'))];
}

function compareDates(withZone: boolean): Compare {
  return (a, b) => {
    const [x, y] = [dateKey(a, withZone), dateKey(b, withZone)];
    if (!x || !y) throw new Unordered();
    return x[0] - y[0] || x[1] - y[1] || x[2] - y[2];
  };
}

class Unordered extends Error {}

const byCodePoint: Compare = (a, b) => (a < b ? -1 : a > b ? 1 : 0);
const numberTypes = new Set(['int2', 'int4', 'int8', 'numeric', 'float4', 'float8', 'oid']);

/** The order of a base type's text form, or undefined when none is reproduced here. */
export function textOrder(baseType: string, isoDates: boolean): Compare | undefined {
  if (numberTypes.has(baseType)) return compareNumbers;
  if (baseType === 'bool') return byCodePoint; // f < t
  if (baseType === 'uuid') return byCodePoint; // lower-case hex, compared as PostgreSQL compares the bytes
  if (baseType === 'time') return byCodePoint; // HH:MM:SS[.ffffff]
  if (!isoDates) return undefined;
  if (baseType === 'date' || baseType === 'timestamp') return compareDates(false);
  if (baseType === 'timestamptz') return compareDates(true);
  return undefined;
}

/** The extremes of `values` in `order`; undefined when there are none or a value is not in the expected form. */
export function extremes(values: string[], order: Compare | undefined): { min: string; max: string } | undefined {
  if (!order || values.length === 0) return undefined;
  let [min, max] = [values[0]!, values[0]!];
  try {
    for (const value of values) {
      if (order(value, min) < 0) min = value;
      if (order(value, max) > 0) max = value;
    }
  } catch (error) {
    if (error instanceof Unordered) return undefined;
    throw error;
  }
  return { min, max };
}
