import type { CatalogWarning, Column, Database } from '../../catalog/model.js';
import { type DatataskError, throwIfAborted } from '../../core/errors.js';
import { isFatalForOptionalPart } from '../kernel/optional-part.js';

const skippedFamilies = new Set<Column['type']>(['binary', 'geography', 'json', 'struct', 'array', 'other']);
const maxSampleValueLength = 200;

export const quoteIdentifier = (name: string): string => `"${name.replace(/"/g, '""')}"`;

export interface StatsSettings {
  sampleRows: number;
  sampleValues: number;
}

export function statsSettings(
  option: boolean | { sampleValues?: number; sampleRows?: number } | undefined,
): StatsSettings | undefined {
  if (!option) return undefined;
  const given = typeof option === 'object' ? option : {};
  return {
    sampleRows: Math.max(1, Math.floor(given.sampleRows ?? 1000)),
    sampleValues: Math.max(0, Math.floor(given.sampleValues ?? 5)),
  };
}

/** One statement per table: null fraction, distinct count, min, max and a few values over its first N rows. */
function statsSql(database: string, schema: string, table: string, columns: Column[], settings: StatsSettings): string {
  const figures = columns.map((column, i) => {
    const c = quoteIdentifier(column.name);
    return [
      `count(${c}) AS p${i}`,
      `count(DISTINCT ${c}) AS d${i}`,
      `min(${c})::VARCHAR AS lo${i}`,
      `max(${c})::VARCHAR AS hi${i}`,
      `list(DISTINCT left(${c}::VARCHAR, ${maxSampleValueLength})) FILTER (WHERE ${c} IS NOT NULL) AS s${i}`,
    ].join(', ');
  });
  const source = [database, schema, table].map(quoteIdentifier).join('.');
  const list = columns.map((column) => quoteIdentifier(column.name)).join(', ');
  return `SELECT count(*) AS n, ${figures.join(', ')} FROM (SELECT ${list} FROM ${source} LIMIT ${settings.sampleRows}) AS sample`;
}

/** Fills `stats` of sampled columns; a table that cannot be sampled becomes a warning. */
export async function addSampleStats(
  databases: Database[],
  settings: StatsSettings,
  select: (sql: string) => Promise<Record<string, unknown>[]>,
  signal: AbortSignal | undefined,
): Promise<CatalogWarning[]> {
  const warnings: CatalogWarning[] = [];
  for (const database of databases) {
    for (const schema of database.schemas) {
      for (const table of schema.tables.filter((t) => t.kind !== 'view')) {
        throwIfAborted(signal);
        const columns = table.columns.filter((column) => !skippedFamilies.has(column.type));
        if (columns.length === 0) continue;
        try {
          const [row] = await select(statsSql(database.name, schema.name, table.name, columns, settings));
          const total = Number(row?.n ?? 0);
          columns.forEach((column, i) => {
            const present = Number(row?.[`p${i}`] ?? 0);
            const sample = (row?.[`s${i}`] as unknown[] | null) ?? [];
            column.stats = {
              source: 'sample',
              ...(total > 0 ? { nullFraction: (total - present) / total } : {}),
              distinctCount: Number(row?.[`d${i}`] ?? 0),
              ...(row?.[`lo${i}`] != null ? { min: String(row[`lo${i}`]) } : {}),
              ...(row?.[`hi${i}`] != null ? { max: String(row[`hi${i}`]) } : {}),
              sampleValues: sample.slice(0, settings.sampleValues).map(String),
            };
          });
        } catch (error) {
          if (isFatalForOptionalPart(error, signal)) throw error;
          warnings.push({
            code: (error as DatataskError).code,
            message: `Column statistics unavailable: ${(error as Error).message}`,
            scope: `${database.name}.${schema.name}.${table.name}`,
          });
        }
      }
    }
  }
  return warnings;
}
