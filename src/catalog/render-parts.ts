import type { Column, DatabaseEngine, Table } from './model.js';

/** Which details a rendering keeps; the budget turns them off one by one in `omissionSteps` order. */
export interface RenderDetail {
  stats: boolean;
  columnComments: boolean;
  defaultsAndIndexes: boolean;
  viewDefinitions: boolean;
  columnTypes: boolean;
  tableComments: boolean;
}

export const fullDetail: RenderDetail = Object.freeze({
  stats: true,
  columnComments: true,
  defaultsAndIndexes: true,
  viewDefinitions: true,
  columnTypes: true,
  tableComments: true,
});

/** A table to render with the names it is shown under and its foreign-key neighbours. */
export interface TableEntry {
  database: string;
  schema: string;
  table: Table;
  /** `schema.table`, or `database.schema.table` when the catalog has several databases. */
  qualifiedName: string;
}

const reserved = new Set(
  (
    'all and as asc by case check column constraint create default desc distinct else end false foreign from grant ' +
    'group having in index into is join key limit not null offset on or order primary references select table then ' +
    'to true union unique user when where with'
  ).split(' '),
);

/** Quotes an identifier only when the engine needs it (case, characters, reserved words). */
export function quoteIdent(name: string, engine: DatabaseEngine): string {
  const lowerEngines: DatabaseEngine[] = ['postgres', 'redshift', 'duckdb'];
  const plain = lowerEngines.includes(engine)
    ? /^[a-z_][a-z0-9_$]*$/.test(name)
    : engine === 'snowflake'
      ? /^[A-Z_][A-Z0-9_$]*$/.test(name)
      : /^[A-Za-z_][A-Za-z0-9_$]*$/.test(name);
  if (plain && !reserved.has(name.toLowerCase())) return name;
  if (engine === 'mysql' || engine === 'bigquery' || engine === 'databricks') return `\`${name.replace(/`/g, '``')}\``;
  if (engine === 'sqlserver') return `[${name.replace(/]/g, ']]')}]`;
  return `"${name.replace(/"/g, '""')}"`;
}

/** Comments and definitions on one line, so a comment can never end a line early or open a new statement. */
export function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

export function kindLabel(table: Table): string {
  if (table.kind === 'materialized_view') return 'materialized view';
  if (table.kind === 'table' || table.kind === 'view') return table.kind;
  return `${table.kind} table`;
}

export function rowsLabel(table: Table): string | undefined {
  if (table.rowCountEstimate === undefined) return undefined;
  return `~${Math.round(table.rowCountEstimate).toLocaleString('en-US')} rows`;
}

/** Field values shown per column at most, and characters per value: enough to name the entity, bounded. */
const shownValues = 12;
const shownValueLength = 40;

/** Column statistics and field values as a short phrase: nulls, distinct values, range, examples, values. */
export function statsLabel(column: Column): string | undefined {
  const stats = column.stats;
  const parts: string[] = [];
  if (stats?.nullFraction !== undefined) parts.push(`nulls ${Math.round(stats.nullFraction * 100)}%`);
  if (stats?.distinctCount !== undefined) parts.push(`~${Math.round(stats.distinctCount)} distinct`);
  if (stats && (stats.min !== undefined || stats.max !== undefined))
    parts.push(`range ${stats.min ?? '?'}..${stats.max ?? '?'}`);
  const values = column.fieldValues;
  if (values?.values.length) {
    const shown = values.values
      .slice(0, shownValues)
      .map((value) => JSON.stringify(oneLine(value).slice(0, shownValueLength)));
    const more = values.values.length > shownValues || !values.complete ? ', ...' : '';
    parts.push(`values ${shown.join(', ')}${more}`);
  } else if (stats?.sampleValues?.length) parts.push(`e.g. ${stats.sampleValues.slice(0, 5).map(oneLine).join(', ')}`);
  return parts.length > 0 ? parts.join(', ') : undefined;
}

/** `[fk->schema.table.col]` markers of a column, from the table's foreign keys. */
export function foreignKeyTargets(table: Table, column: string): string[] {
  const targets: string[] = [];
  for (const fk of table.foreignKeys) {
    const i = fk.columns.indexOf(column);
    if (i === -1) continue;
    const prefix = fk.referencedDatabase ? `${fk.referencedDatabase}.` : '';
    targets.push(`${prefix}${fk.referencedSchema}.${fk.referencedTable}.${fk.referencedColumns[i] ?? '?'}`);
  }
  return targets;
}
