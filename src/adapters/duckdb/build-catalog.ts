import type { Column, Database, Index, Table } from '../../catalog/model.js';
import { typeFamily } from '../../catalog/type-family.js';

export type Row = Record<string, unknown>;

export interface DuckDbCatalogRows {
  databases: Row[];
  schemas: Row[];
  tables: Row[];
  views: Row[];
  columns: Row[];
  /** Undefined when that part could not be read (already a warning). */
  constraints?: Row[];
  indexes?: Row[];
}

const text = (value: unknown): string | undefined =>
  value === null || value === undefined ? undefined : String(value);
const nonEmpty = (value: unknown): string | undefined => {
  const result = text(value);
  return result === undefined || result === '' ? undefined : result;
};
const names = (value: unknown): string[] => (Array.isArray(value) ? value.map(String) : []);
const tableKey = (row: Row, nameColumn = 'table_name') =>
  `${text(row.database_name)}\u0000${text(row.schema_name)}\u0000${text(row[nameColumn])}`;

function groupBy(rows: Row[] | undefined, key: (row: Row) => string): Map<string, Row[]> {
  const groups = new Map<string, Row[]>();
  for (const row of rows ?? []) {
    const id = key(row);
    const group = groups.get(id);
    if (group) group.push(row);
    else groups.set(id, [row]);
  }
  return groups;
}

function toColumn(row: Row): Column {
  const nativeType = text(row.data_type) ?? '';
  const defaultValue = nonEmpty(row.column_default);
  const comment = nonEmpty(row.comment);
  return {
    name: text(row.column_name) ?? '',
    ordinal: Number(row.column_index),
    nativeType,
    type: typeFamily(nativeType),
    nullable: row.is_nullable === true,
    ...(defaultValue ? { default: defaultValue } : {}),
    ...(comment ? { comment } : {}),
    // DuckDB has no identity columns; a sequence default is the idiom for one.
    ...(defaultValue && /^nextval\(/i.test(defaultValue) ? { isIdentity: true } : {}),
  };
}

/** `[a, "b c"]` -> ['a', 'b c']: the key expressions of an index, plain columns unquoted. */
export function indexColumns(expressions: unknown): string[] {
  if (Array.isArray(expressions)) return expressions.map(String);
  const body = (text(expressions) ?? '').trim().replace(/^\[|\]$/g, '');
  if (body === '') return [];
  const parts: string[] = [];
  let current = '';
  let depth = 0;
  let quoted = false;
  for (const char of body) {
    if (char === '"') quoted = !quoted;
    else if (!quoted && char === '(') depth++;
    else if (!quoted && char === ')') depth--;
    if (char === ',' && depth === 0 && !quoted) {
      parts.push(current.trim());
      current = '';
    } else current += char;
  }
  parts.push(current.trim());
  return parts.map((part) => (/^"(?:[^"]|"")*"$/.test(part) ? part.slice(1, -1).replace(/""/g, '"') : part));
}

function applyConstraints(table: Table, schema: string, rows: Row[]): void {
  for (const row of rows) {
    const name = nonEmpty(row.constraint_name);
    const columns = names(row.constraint_column_names);
    if (columns.length === 0) continue;
    const type = text(row.constraint_type);
    if (type === 'PRIMARY KEY') table.primaryKey = { ...(name ? { name } : {}), columns };
    else if (type === 'UNIQUE') table.uniqueConstraints.push({ ...(name ? { name } : {}), columns });
    else if (type === 'FOREIGN KEY') {
      table.foreignKeys.push({
        ...(name ? { name } : {}),
        columns,
        // DuckDB foreign keys cannot leave their schema.
        referencedSchema: schema,
        referencedTable: text(row.referenced_table) ?? '',
        referencedColumns: names(row.referenced_column_names),
      });
    }
  }
}

function toIndex(row: Row): Index {
  const sql = nonEmpty(row.sql);
  return {
    name: text(row.index_name) ?? '',
    columns: indexColumns(row.expressions),
    unique: row.is_unique === true,
    ...(row.is_primary === true ? { primary: true } : {}),
    method: 'art',
    ...(sql ? { definition: sql } : {}),
  };
}

/** Assembles databases > schemas > tables and views from the rows of the catalog functions. */
export function buildDatabases(
  rows: DuckDbCatalogRows,
  keepTable: (schema: string, table: string) => boolean,
): Database[] {
  const columns = groupBy(rows.columns, (row) => tableKey(row));
  const constraints = groupBy(rows.constraints, (row) => tableKey(row));
  const indexes = groupBy(rows.indexes, (row) => tableKey(row));
  const relations = new Map<string, Table[]>();
  const add = (row: Row, table: Table) => {
    if (!keepTable(text(row.schema_name) ?? '', table.name)) return;
    const id = `${text(row.database_name)}\u0000${text(row.schema_name)}`;
    relations.set(id, [...(relations.get(id) ?? []), table]);
  };
  for (const row of rows.tables) {
    const id = tableKey(row);
    const comment = nonEmpty(row.comment);
    const table: Table = {
      name: text(row.table_name) ?? '',
      kind: row.temporary === true ? 'temporary' : 'table',
      ...(comment ? { comment } : {}),
      ...(row.estimated_size != null ? { rowCountEstimate: Number(row.estimated_size) } : {}),
      columns: (columns.get(id) ?? []).map(toColumn),
      foreignKeys: [],
      uniqueConstraints: [],
      indexes: (indexes.get(id) ?? []).map(toIndex),
    };
    applyConstraints(table, text(row.schema_name) ?? '', constraints.get(id) ?? []);
    add(row, table);
  }
  for (const row of rows.views) {
    const comment = nonEmpty(row.comment);
    const sql = nonEmpty(row.sql);
    add(row, {
      name: text(row.view_name) ?? '',
      kind: 'view',
      ...(comment ? { comment } : {}),
      ...(sql ? { viewDefinition: sql } : {}),
      columns: (columns.get(tableKey(row, 'view_name')) ?? []).map(toColumn),
      foreignKeys: [],
      uniqueConstraints: [],
      indexes: [],
    });
  }
  const schemasByDatabase = groupBy(rows.schemas, (row) => text(row.database_name) ?? '');
  return rows.databases.map((row) => {
    const name = text(row.database_name) ?? '';
    const comment = nonEmpty(row.comment);
    return {
      name,
      ...(comment ? { comment } : {}),
      schemas: (schemasByDatabase.get(name) ?? []).map((schema) => {
        const schemaName = text(schema.schema_name) ?? '';
        const schemaComment = nonEmpty(schema.comment);
        const tables = (relations.get(`${name}\u0000${schemaName}`) ?? []).sort((a, b) => (a.name < b.name ? -1 : 1));
        return { name: schemaName, ...(schemaComment ? { comment: schemaComment } : {}), tables };
      }),
    };
  });
}
