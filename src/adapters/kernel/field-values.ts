import type { CatalogWarning, Column, Database, Table } from '../../catalog/model.js';
import { type DatataskError, throwIfAborted } from '../../core/errors.js';
import type { FieldValuesOption } from '../adapter.js';
import { isFatalForOptionalPart } from './optional-part.js';

/**
 * Field values (as Metabase keeps them): the distinct values of low-cardinality text columns, so a question that
 * names an entity by a value ("flights operated by KLM") finds the table holding it. Taken from the engine's
 * statistics where they exist (PostgreSQL's most_common_vals), else one bounded query per column (a DISTINCT over the
 * first `sampleRows` rows, at most `maxValues + 1` back), at most `maxQueries` queries per introspection.
 */
export interface FieldValueSettings {
  maxValues: number;
  maxValueLength: number;
  maxQueries: number;
  sampleRows: number;
  exclude: RegExp;
}

/**
 * Columns never collected: contact details, secrets, person names and free text. Their values are personal or
 * unbounded, and a question names a product or a carrier, not a password.
 */
const defaultExclude =
  /(e_?mail|phone|mobile|fax|passw|secret|token|api_?key|ssn|social_security|iban|card_?(no|num)|address|street|zip|postal|ip_?addr|uuid|guid|hash|salt|url|uri|(first|last|full|given|family|middle|sur|user|display)_?name|comment|description|note|body|message|content|html|json|xml)/i;

export function fieldValueSettings(option: FieldValuesOption | undefined): FieldValueSettings | undefined {
  if (!option) return undefined;
  const given = option === true ? {} : option;
  const exclude = given.exclude?.length
    ? new RegExp(`${defaultExclude.source}|${given.exclude.map(globSource).join('|')}`, 'i')
    : defaultExclude;
  return {
    maxValues: Math.max(1, Math.floor(given.maxValues ?? 100)),
    maxValueLength: Math.max(1, Math.floor(given.maxValueLength ?? 100)),
    maxQueries: Math.max(0, Math.floor(given.maxQueries ?? 200)),
    sampleRows: Math.max(1, Math.floor(given.sampleRows ?? 10_000)),
    exclude,
  };
}

function globSource(glob: string): string {
  const escaped = glob.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  return `^${escaped.replace(/\*/g, '.*').replace(/\?/g, '.')}$`;
}

/** What the engine's statistics say about one column. */
export interface ColumnStatistic {
  /** Estimated distinct values, if known. */
  distinct?: number;
  /** Most common values, if kept. */
  values?: string[];
}

export const statisticKey = (schema: string, table: string, column: string) => `${schema}\u0000${table}\u0000${column}`;

export interface FieldValueSource {
  /** One bounded statement returning the distinct values of a column in a column named `value`. */
  distinctSql(database: string, schema: string, table: string, column: string, settings: FieldValueSettings): string;
  select(sql: string): Promise<Record<string, unknown>[]>;
  /** Engine statistics by `statisticKey` (PostgreSQL: pg_stats), read once by the caller. */
  statistics?: ReadonlyMap<string, ColumnStatistic>;
  signal?: AbortSignal | undefined;
}

interface Candidate {
  database: string;
  schema: string;
  table: Table;
  column: Column;
}

function isCandidate(table: Table, column: Column, settings: FieldValueSettings): boolean {
  if (column.type !== 'text' || settings.exclude.test(column.name)) return false;
  const key = table.primaryKey?.columns;
  return !(key?.length === 1 && key[0] === column.name);
}

function clip(values: Iterable<string>, settings: FieldValueSettings): string[] {
  const out = new Set<string>();
  for (const value of values)
    out.add(value.length > settings.maxValueLength ? value.slice(0, settings.maxValueLength) : value);
  return [...out].sort((a, b) => a.localeCompare(b));
}

/** Fills `fieldValues` of the low-cardinality text columns; returns warnings and the number of queries sent. */
export async function collectFieldValues(
  databases: Database[],
  settings: FieldValueSettings,
  source: FieldValueSource,
): Promise<{ warnings: CatalogWarning[]; queries: number }> {
  const warnings: CatalogWarning[] = [];
  const pending: Candidate[] = [];
  for (const database of databases) {
    for (const schema of database.schemas) {
      for (const table of schema.tables) {
        for (const column of table.columns) {
          if (!isCandidate(table, column, settings)) continue;
          const statistic = source.statistics?.get(statisticKey(schema.name, table.name, column.name));
          if (statistic?.distinct !== undefined && statistic.distinct > settings.maxValues) continue;
          if (statistic?.values?.length && statistic.distinct !== undefined) {
            column.fieldValues = {
              values: clip(statistic.values.slice(0, settings.maxValues), settings),
              complete: statistic.values.length >= statistic.distinct,
              source: 'statistics',
            };
          } else if (table.kind === 'table' || table.kind === 'partitioned') {
            pending.push({ database: database.name, schema: schema.name, table, column });
          }
        }
      }
    }
  }
  // Small tables first: dimension tables (carriers, stages, airlines) hold the names questions use.
  pending.sort((a, z) => (a.table.rowCountEstimate ?? Infinity) - (z.table.rowCountEstimate ?? Infinity));
  let queries = 0;
  for (const candidate of pending.slice(0, settings.maxQueries)) {
    throwIfAborted(source.signal);
    const { database, schema, table, column } = candidate;
    queries++;
    try {
      const rows = await source.select(source.distinctSql(database, schema, table.name, column.name, settings));
      const values = rows.map((row) => row.value).filter((value) => value !== null && value !== undefined);
      if (values.length === 0 || values.length > settings.maxValues) continue;
      const estimate = table.rowCountEstimate;
      column.fieldValues = {
        values: clip(values.map(String), settings),
        complete: estimate !== undefined && estimate > 0 && estimate < settings.sampleRows,
        source: 'query',
      };
    } catch (error) {
      if (isFatalForOptionalPart(error, source.signal)) throw error;
      warnings.push({
        code: (error as DatataskError).code,
        message: `Field values unavailable: ${(error as Error).message}`,
        scope: `${database}.${schema}.${table.name}.${column.name}`,
      });
    }
  }
  return { warnings, queries };
}
