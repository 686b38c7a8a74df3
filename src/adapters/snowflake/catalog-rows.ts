/**
 * SHOW command rows to the kernel's row shapes (assembleCatalog builds the catalog and applies the name filters that
 * SQL could not); system databases and schemas are left out unless asked for.
 */
import { compileFilter } from '../../catalog/filters.js';
import type { TypeFamily } from '../../catalog/model.js';
import { typeFamily } from '../../catalog/type-family.js';
import type { IntrospectOptions } from '../adapter.js';
import type { CatalogRows, ColumnRow, ConstraintRow, RelationRow } from '../kernel/assemble-catalog.js';

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
/** A text field, absent when empty. */
const optional = (row: Row, name: string): string | undefined => str(row, name) || undefined;
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

/** A row's (database, schema, table), from its `<prefix>database_name`, ... fields. */
const tableOf = (row: Row, prefix = '') => ({
  database: str(row, `${prefix}database_name`),
  schema: str(row, `${prefix}schema_name`),
  table: str(row, `${prefix}table_name`),
});

/** Key rows (one per column) grouped by table and constraint name, columns in key_sequence order. */
function groupKeys(rows: Row[], prefix: string, nameField: string) {
  const groups = new Map<string, Row[]>();
  for (const row of rows) {
    const { database, schema, table } = tableOf(row, prefix);
    const id = key(database, schema, table, str(row, nameField));
    const group = groups.get(id);
    if (group) group.push(row);
    else groups.set(id, [row]);
  }
  for (const group of groups.values())
    group.sort((a, b) => (num(a, 'key_sequence') ?? 0) - (num(b, 'key_sequence') ?? 0));
  return [...groups.values()];
}

const relationKey = (row: Row) => ({
  database: str(row, 'database_name'),
  schema: str(row, 'schema_name'),
  table: str(row, 'name'),
});

function tableRelation(row: Row): RelationRow {
  const kind = str(row, 'kind').toUpperCase();
  const [comment, rowCount, bytes] = [optional(row, 'comment'), num(row, 'rows'), num(row, 'bytes')];
  return {
    ...relationKey(row),
    kind: str(row, 'is_external').toUpperCase() === 'Y' ? 'external' : kind === 'TEMPORARY' ? 'temporary' : 'table',
    ...(comment ? { comment } : {}),
    ...(rowCount !== undefined ? { rowCountEstimate: rowCount } : {}),
    ...(bytes !== undefined ? { sizeBytes: bytes } : {}),
  };
}

function viewRelation(row: Row): RelationRow {
  const [comment, text] = [optional(row, 'comment'), optional(row, 'text')];
  return {
    ...relationKey(row),
    kind: str(row, 'is_materialized').toLowerCase() === 'true' ? 'materialized_view' : 'view',
    ...(comment ? { comment } : {}),
    ...(text ? { viewDefinition: viewBody(text) } : {}),
  };
}

/**
 * Tables then views, one relation per name: a name both SHOW TABLES and SHOW VIEWS list keeps its first place and
 * takes the view's fields over the table's (a row's missing fields are absent, so the table's figures stay).
 */
function toRelations(rows: ShowRows): RelationRow[] {
  const relations = new Map<string, RelationRow>();
  for (const relation of [...rows.tables.map(tableRelation), ...rows.views.map(viewRelation)]) {
    const id = key(relation.database, relation.schema, relation.table);
    const existing = relations.get(id);
    if (existing) Object.assign(existing, relation);
    else relations.set(id, relation);
  }
  return [...relations.values()];
}

/** SHOW COLUMNS lists a table's columns in their order: the position in the output is the ordinal. */
function toColumn(row: Row): ColumnRow {
  const dataType = parseDataType(field(row, 'data_type'));
  return {
    ...tableOf(row),
    name: str(row, 'column_name'),
    nativeType: nativeTypeName(dataType),
    type: snowflakeTypeFamily(dataType),
    nullable: dataType.nullable ?? str(row, 'null?').toLowerCase() !== 'false',
    default: optional(row, 'default'),
    comment: optional(row, 'comment'),
    isIdentity: optional(row, 'autoincrement') !== undefined,
    isGenerated: optional(row, 'expression') !== undefined,
  };
}

/** Primary, unique and foreign keys, each from its SHOW ... KEYS command. */
function toConstraints(rows: ShowRows): ConstraintRow[] {
  const ownKey = (kind: 'primary' | 'unique') => (group: Row[]) => ({
    ...tableOf(group[0]!),
    name: str(group[0]!, 'constraint_name'),
    kind,
    columns: group.map((r) => str(r, 'column_name')),
  });
  const foreignKey = (group: Row[]): ConstraintRow => {
    const first = group[0]!;
    return {
      ...tableOf(first, 'fk_'),
      name: str(first, 'fk_name'),
      kind: 'foreign',
      columns: group.map((r) => str(r, 'fk_column_name')),
      referencedDatabase: str(first, 'pk_database_name'),
      referencedSchema: str(first, 'pk_schema_name'),
      referencedTable: str(first, 'pk_table_name'),
      referencedColumns: group.map((r) => str(r, 'pk_column_name')),
      onUpdate: optional(first, 'update_rule'),
      onDelete: optional(first, 'delete_rule'),
    };
  };
  return [
    ...groupKeys(rows.primaryKeys, '', 'constraint_name').map(ownKey('primary')),
    ...groupKeys(rows.uniqueKeys, '', 'constraint_name').map(ownKey('unique')),
    ...groupKeys(rows.importedKeys, 'fk_', 'fk_name').map(foreignKey),
  ];
}

/** The rows assembleCatalog takes; the databases and schemas it lists are the selected ones. */
export function toCatalogRows(rows: ShowRows, options: IntrospectOptions): CatalogRows {
  const withSystem = options.includeSystemSchemas === true;
  // One entry per name, in first-seen order.
  const databases = new Map(
    selectedDatabases(rows.databases, options).map((row) => [
      str(row, 'name'),
      { name: str(row, 'name'), comment: optional(row, 'comment') },
    ]),
  );
  return {
    databases: [...databases.values()],
    schemas: rows.schemas
      .filter((row) => withSystem || !systemSchemas.has(str(row, 'name').toUpperCase()))
      .map((row) => ({
        database: str(row, 'database_name'),
        schema: str(row, 'name'),
        comment: optional(row, 'comment'),
        owner: optional(row, 'owner'),
      })),
    relations: toRelations(rows),
    columns: rows.columns.map(toColumn),
    constraints: toConstraints(rows),
  };
}

/** SHOW COLUMNS' data_type JSON (or INFORMATION_SCHEMA's, shaped alike by catalog-queries.ts). */
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
