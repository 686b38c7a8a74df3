/** Turns SHOW command rows into the catalog model, applying the name filters that SQL could not. */
import { compileFilter } from '../../catalog/filters.js';
import type { Column, Database, ForeignKey, Table, TypeFamily } from '../../catalog/model.js';
import { typeFamily } from '../../catalog/type-family.js';
import type { IntrospectOptions } from '../adapter.js';

export type Row = Record<string, unknown>;

export interface ShowRows {
  databases: Row[];
  schemas: Row[];
  tables: Row[];
  views: Row[];
  columns: Row[];
  primaryKeys: Row[];
  importedKeys: Row[];
  uniqueKeys: Row[];
}

/** SHOW output columns are lower-case; read them whatever the case. */
export function field(row: Row, name: string): unknown {
  return row[name] ?? row[name.toUpperCase()];
}
const str = (row: Row, name: string): string => {
  const value = field(row, name);
  return value === null || value === undefined ? '' : String(value);
};
const optional = (value: string): string | undefined => (value === '' ? undefined : value);
const num = (row: Row, name: string): number | undefined => {
  const value = Number(field(row, name));
  return field(row, name) === null || field(row, name) === '' || Number.isNaN(value) ? undefined : value;
};
const key = (...parts: string[]) => parts.join('\u0000');

/** The SELECT of a view from SHOW VIEWS' full CREATE text. */
export function viewBody(text: string): string {
  const match = /^\s*CREATE\b[\s\S]*?\bAS\s+((?:SELECT|WITH|\()[\s\S]*)$/i.exec(text);
  return (match?.[1] ?? text).trim();
}

const systemDatabases = new Set(['SNOWFLAKE']);
const systemSchemas = new Set(['INFORMATION_SCHEMA']);

/** Groups key rows (one row per column) by constraint, columns in key_sequence order. */
function groupKeys(rows: Row[], tableKey: (row: Row) => string, nameField: string) {
  const groups = new Map<string, { table: string; name: string; rows: Row[] }>();
  for (const row of rows) {
    const table = tableKey(row);
    const name = str(row, nameField);
    const id = key(table, name);
    const group = groups.get(id) ?? { table, name, rows: [] };
    group.rows.push(row);
    groups.set(id, group);
  }
  for (const group of groups.values())
    group.rows.sort((a, b) => (num(a, 'key_sequence') ?? 0) - (num(b, 'key_sequence') ?? 0));
  return [...groups.values()];
}

function toColumn(row: Row, ordinal: number): Column {
  const dataType = parseDataType(field(row, 'data_type'));
  const nullableText = str(row, 'null?').toLowerCase();
  const column: Column = {
    name: str(row, 'column_name'),
    ordinal,
    nativeType: nativeTypeName(dataType),
    type: snowflakeTypeFamily(dataType),
    nullable: dataType.nullable ?? nullableText !== 'false',
  };
  const defaultValue = optional(str(row, 'default'));
  if (defaultValue) column.default = defaultValue;
  const comment = optional(str(row, 'comment'));
  if (comment) column.comment = comment;
  if (optional(str(row, 'autoincrement'))) column.isIdentity = true;
  if (optional(str(row, 'expression'))) column.isGenerated = true;
  return column;
}

/** SHOW DATABASES rows that pass the filters (system databases only when asked). */
export function selectedDatabases(rows: Row[], options: IntrospectOptions): Row[] {
  const databaseFilter = compileFilter(options.databases);
  return rows.filter((row) => {
    const name = str(row, 'name');
    return (
      databaseFilter.matches(name) &&
      (options.includeSystemSchemas === true || !systemDatabases.has(name.toUpperCase()))
    );
  });
}

export function buildDatabases(rows: ShowRows, options: IntrospectOptions): Database[] {
  const withSystem = options.includeSystemSchemas === true;
  const schemaFilter = compileFilter(options.schemas);
  const tableFilter = compileFilter(options.tables);
  const databases = new Map<string, Database>();
  for (const row of selectedDatabases(rows.databases, options)) {
    const name = str(row, 'name');
    databases.set(name, {
      name,
      ...(optional(str(row, 'comment')) ? { comment: str(row, 'comment') } : {}),
      schemas: [],
    });
  }
  const schemas = new Map<string, Database['schemas'][number]>();
  for (const row of rows.schemas) {
    const database = databases.get(str(row, 'database_name'));
    const name = str(row, 'name');
    if (!database || !schemaFilter.matches(name, `${database.name}.${name}`)) continue;
    if (!withSystem && systemSchemas.has(name.toUpperCase())) continue;
    const schema = {
      name,
      ...(optional(str(row, 'comment')) ? { comment: str(row, 'comment') } : {}),
      ...(optional(str(row, 'owner')) ? { owner: str(row, 'owner') } : {}),
      tables: [],
    };
    database.schemas.push(schema);
    schemas.set(key(database.name, name), schema);
  }
  const tables = new Map<string, Table>();
  const addTable = (
    row: Row,
    table: Omit<Table, 'name' | 'columns' | 'foreignKeys' | 'uniqueConstraints' | 'indexes'>,
  ) => {
    const schema = schemas.get(key(str(row, 'database_name'), str(row, 'schema_name')));
    const name = str(row, 'name');
    if (!schema || !tableFilter.matches(name, `${schema.name}.${name}`)) return;
    const id = key(str(row, 'database_name'), schema.name, name);
    const existing = tables.get(id);
    const entry: Table = { name, ...table, columns: [], foreignKeys: [], uniqueConstraints: [], indexes: [] };
    if (existing) Object.assign(existing, entry);
    else {
      schema.tables.push(entry);
      tables.set(id, entry);
    }
  };
  for (const row of rows.tables) {
    const kind = str(row, 'kind').toUpperCase();
    const comment = optional(str(row, 'comment'));
    const rowCount = num(row, 'rows');
    const bytes = num(row, 'bytes');
    addTable(row, {
      kind: str(row, 'is_external').toUpperCase() === 'Y' ? 'external' : kind === 'TEMPORARY' ? 'temporary' : 'table',
      ...(comment ? { comment } : {}),
      ...(rowCount !== undefined ? { rowCountEstimate: rowCount } : {}),
      ...(bytes !== undefined ? { sizeBytes: bytes } : {}),
    });
  }
  for (const row of rows.views) {
    const comment = optional(str(row, 'comment'));
    const text = optional(str(row, 'text'));
    addTable(row, {
      kind: str(row, 'is_materialized').toLowerCase() === 'true' ? 'materialized_view' : 'view',
      ...(comment ? { comment } : {}),
      ...(text ? { viewDefinition: viewBody(text) } : {}),
    });
  }
  const tableOf = (database: string, schema: string, table: string) => tables.get(key(database, schema, table));
  for (const row of rows.columns) {
    const table = tableOf(str(row, 'database_name'), str(row, 'schema_name'), str(row, 'table_name'));
    // SHOW COLUMNS lists a table's columns in their order: the position in the output is the ordinal.
    if (table) table.columns.push(toColumn(row, table.columns.length + 1));
  }
  const keyTable = (row: Row) => key(str(row, 'database_name'), str(row, 'schema_name'), str(row, 'table_name'));
  for (const group of groupKeys(rows.primaryKeys, keyTable, 'constraint_name')) {
    const table = tables.get(group.table);
    if (table) table.primaryKey = { name: group.name, columns: group.rows.map((r) => str(r, 'column_name')) };
  }
  for (const group of groupKeys(rows.uniqueKeys, keyTable, 'constraint_name')) {
    tables
      .get(group.table)
      ?.uniqueConstraints.push({ name: group.name, columns: group.rows.map((r) => str(r, 'column_name')) });
  }
  const fkTable = (row: Row) =>
    key(str(row, 'fk_database_name'), str(row, 'fk_schema_name'), str(row, 'fk_table_name'));
  for (const group of groupKeys(rows.importedKeys, fkTable, 'fk_name')) {
    const first = group.rows[0]!;
    const foreignKey: ForeignKey = {
      name: group.name,
      columns: group.rows.map((r) => str(r, 'fk_column_name')),
      referencedDatabase: str(first, 'pk_database_name'),
      referencedSchema: str(first, 'pk_schema_name'),
      referencedTable: str(first, 'pk_table_name'),
      referencedColumns: group.rows.map((r) => str(r, 'pk_column_name')),
      ...(optional(str(first, 'update_rule')) ? { onUpdate: str(first, 'update_rule') } : {}),
      ...(optional(str(first, 'delete_rule')) ? { onDelete: str(first, 'delete_rule') } : {}),
    };
    tables.get(group.table)?.foreignKeys.push(foreignKey);
  }
  return [...databases.values()];
}

/* Snowflake column types: SHOW COLUMNS' data_type JSON to a native type name and a type family. */
export interface SnowflakeDataType {
  type: string;
  precision?: number;
  scale?: number;
  length?: number;
  nullable?: boolean;
}

export function parseDataType(text: unknown): SnowflakeDataType {
  if (typeof text !== 'string') return { type: 'UNKNOWN' };
  try {
    const parsed = JSON.parse(text) as SnowflakeDataType;
    return typeof parsed.type === 'string' ? parsed : { type: text };
  } catch {
    return { type: text };
  }
}

/** The name Snowflake shows in DESCRIBE, e.g. NUMBER(10,2), VARCHAR(16777216), TIMESTAMP_NTZ(9). */
export function nativeTypeName(dataType: SnowflakeDataType): string {
  const type = dataType.type.toUpperCase();
  switch (type) {
    case 'FIXED':
      return `NUMBER(${dataType.precision ?? 38},${dataType.scale ?? 0})`;
    case 'REAL':
      return 'FLOAT';
    case 'TEXT':
      return dataType.length ? `VARCHAR(${dataType.length})` : 'VARCHAR';
    case 'BINARY':
      return dataType.length ? `BINARY(${dataType.length})` : 'BINARY';
    case 'TIME':
    case 'TIMESTAMP_NTZ':
    case 'TIMESTAMP_LTZ':
    case 'TIMESTAMP_TZ':
      return dataType.scale !== undefined ? `${type}(${dataType.scale})` : type;
    default:
      return type;
  }
}

/** INTEGER is NUMBER(38,0) in Snowflake: scale decides between integer and decimal. */
export function snowflakeTypeFamily(dataType: SnowflakeDataType): TypeFamily {
  const type = dataType.type.toUpperCase();
  if (type === 'FIXED') return (dataType.scale ?? 0) === 0 ? 'integer' : 'decimal';
  if (type === 'REAL') return 'float';
  if (type === 'TEXT') return 'text';
  if (type === 'VARIANT') return 'json';
  if (type === 'OBJECT' || type === 'MAP') return 'struct';
  if (type === 'ARRAY' || type === 'VECTOR') return 'array';
  return typeFamily(type);
}
