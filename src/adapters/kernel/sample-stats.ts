import type { CatalogWarning, ColumnStats } from '../../catalog/model.js';
import type { RelationRow } from './assemble-catalog.js';

/** Text form of a sampled value for stats (dates as ISO, objects as JSON, long text cut). */
function display(value: unknown): string {
  const text =
    value instanceof Date
      ? value.toISOString()
      : Buffer.isBuffer(value)
        ? `\\x${value.subarray(0, 32).toString('hex')}`
        : typeof value === 'object'
          ? JSON.stringify(value)
          : String(value);
  return text.length > 200 ? `${text.slice(0, 200)}...` : text;
}

function compare(a: unknown, b: unknown): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  if (typeof a === 'bigint' && typeof b === 'bigint') return a < b ? -1 : a > b ? 1 : 0;
  if (a instanceof Date && b instanceof Date) return a.getTime() - b.getTime();
  const [x, y] = [display(a), display(b)];
  // Numeric strings (pg returns numeric and bigint as text) compare as numbers.
  if (x !== '' && y !== '' && !Number.isNaN(Number(x)) && !Number.isNaN(Number(y))) return Number(x) - Number(y);
  return x < y ? -1 : x > y ? 1 : 0;
}

/**
 * Per-column figures from a bounded sample of rows: null fraction, distinct count, min/max and a few distinct
 * sample values. Source "sample": figures describe the sample, not the whole table.
 */
export function statsFromSample(
  rows: Record<string, unknown>[],
  columns: string[],
  sampleValues: number,
): Map<string, ColumnStats> {
  const out = new Map<string, ColumnStats>();
  if (rows.length === 0) return out;
  for (const column of columns) {
    let nulls = 0;
    let min: unknown;
    let max: unknown;
    const distinct = new Set<string>();
    for (const row of rows) {
      const value = row[column];
      if (value === null || value === undefined) {
        nulls++;
        continue;
      }
      distinct.add(display(value));
      if (typeof value === 'object' && !(value instanceof Date)) continue;
      if (min === undefined || compare(value, min) < 0) min = value;
      if (max === undefined || compare(value, max) > 0) max = value;
    }
    out.set(column, {
      nullFraction: nulls / rows.length,
      distinctCount: distinct.size,
      ...(min !== undefined ? { min: display(min) } : {}),
      ...(max !== undefined ? { max: display(max) } : {}),
      sampleValues: [...distinct].slice(0, sampleValues),
      source: 'sample',
    });
  }
  return out;
}

export function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

export interface SampleSettings {
  sampleRows: number;
  sampleValues: number;
  /** Most tables sampled in one introspection; the others get no figures and are named in a warning. */
  sampleTables: number;
}

/** Default cap on sampled tables: at a few ms per bounded statement, well inside the introspection timeout. */
export const defaultSampleTables = 100;

/** Settings from IntrospectOptions.columnStats (whole numbers, at least one row), or undefined when not asked for. */
export function sampleSettings(option: boolean | Partial<SampleSettings> | undefined): SampleSettings | undefined {
  if (!option) return undefined;
  const given = typeof option === 'object' ? option : {};
  const count = (value: number | undefined, fallback: number, min: number) =>
    Math.max(min, Math.floor(Number.isFinite(value) ? value! : fallback));
  return {
    sampleValues: count(given.sampleValues, 5, 0),
    sampleRows: count(given.sampleRows, 1000, 1),
    sampleTables: count(given.sampleTables, defaultSampleTables, 0),
  };
}

/** How many omitted tables a warning names one by one; the rest are counted. */
const namedInWarning = 200;

/** The warning for tables left without figures because the sampling cap was reached. */
export function omittedSampleWarning(
  database: string,
  omitted: Array<Pick<RelationRow, 'schema' | 'table'>>,
  cap: number,
): CatalogWarning {
  const names = omitted.slice(0, namedInWarning).map((r) => `${r.schema}.${r.table}`);
  const more = omitted.length > names.length ? ` and ${omitted.length - names.length} more` : '';
  return {
    code: 'STATS_SAMPLE_CAPPED',
    message:
      `Column statistics: ${omitted.length} table(s) without engine statistics were not sampled ` +
      `(columnStats.sampleTables = ${cap}; ANALYZE them or raise the cap): ${names.join(', ')}${more}`,
    scope: `${database}.columnStats`,
  };
}
