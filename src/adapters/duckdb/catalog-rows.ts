/** Rows of DuckDB's duckdb_* table functions -> the flat rows `assembleCatalog` takes. */
import type {
  CatalogRows,
  ColumnRow,
  ConstraintRow,
  IndexRow,
  RelationRow,
  SchemaRow,
} from '../kernel/assemble-catalog.js';

export type Row = Record<string, unknown>;

export interface DuckDbCatalogRows {
  databases: Row[];
  schemas: Row[];
  tables: Row[];
  views: Row[];
  columns: Row[];
  /** Undefined when that part could not be read (already a warning). */
  constraints?: Row[] | undefined;
  indexes?: Row[] | undefined;
}

const text = (value: unknown): string | undefined =>
  value === null || value === undefined ? undefined : String(value);
/** Empty text (DuckDB's "no comment") counts as absent. */
const nonEmpty = (value: unknown): string | null => {
  const result = text(value);
  return result === undefined || result === '' ? null : result;
};
const names = (value: unknown): string[] => (Array.isArray(value) ? value.map(String) : []);
const key = (row: Row, nameColumn = 'table_name') => ({
  database: text(row.database_name) ?? '',
  schema: text(row.schema_name) ?? '',
  table: text(row[nameColumn]) ?? '',
});

function toColumn(row: Row): ColumnRow {
  const defaultValue = nonEmpty(row.column_default);
  return {
    ...key(row),
    name: text(row.column_name) ?? '',
    ordinal: Number(row.column_index),
    nativeType: text(row.data_type) ?? '',
    nullable: row.is_nullable === true,
    default: defaultValue,
    comment: nonEmpty(row.comment),
    // DuckDB has no identity columns; a sequence default is the idiom for one.
    isIdentity: defaultValue !== null && /^nextval\(/i.test(defaultValue),
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

const constraintKinds: Record<string, ConstraintRow['kind']> = {
  'PRIMARY KEY': 'primary',
  UNIQUE: 'unique',
  'FOREIGN KEY': 'foreign',
};

function toConstraint(row: Row): ConstraintRow[] {
  const kind = constraintKinds[text(row.constraint_type) ?? ''];
  const columns = names(row.constraint_column_names);
  if (!kind || columns.length === 0) return [];
  const ref = key(row);
  return [
    {
      ...ref,
      name: nonEmpty(row.constraint_name),
      kind,
      columns,
      ...(kind === 'foreign'
        ? {
            // DuckDB foreign keys cannot leave their schema.
            referencedSchema: ref.schema,
            referencedTable: text(row.referenced_table) ?? '',
            referencedColumns: names(row.referenced_column_names),
          }
        : {}),
    },
  ];
}

function toIndex(row: Row): IndexRow {
  return {
    ...key(row),
    name: text(row.index_name) ?? '',
    columns: indexColumns(row.expressions),
    unique: row.is_unique === true,
    primary: row.is_primary === true,
    method: 'art',
    definition: nonEmpty(row.sql),
  };
}

function toRelations(tables: Row[], views: Row[]): RelationRow[] {
  const relations: RelationRow[] = [
    ...tables.map((row) => ({
      ...key(row),
      kind: row.temporary === true ? ('temporary' as const) : ('table' as const),
      comment: nonEmpty(row.comment),
      rowCountEstimate: row.estimated_size != null ? Number(row.estimated_size) : null,
    })),
    ...views.map((row) => ({
      ...key(row, 'view_name'),
      kind: 'view' as const,
      comment: nonEmpty(row.comment),
      viewDefinition: nonEmpty(row.sql),
    })),
  ];
  // Tables and views of a schema are listed together, by name.
  return relations.sort((a, b) => (a.table < b.table ? -1 : a.table > b.table ? 1 : 0));
}

/** The kernel's rows from the catalog functions' rows; the filters are applied by `assembleCatalog`. */
export function toCatalogRows(rows: DuckDbCatalogRows): CatalogRows {
  const schemas: SchemaRow[] = rows.schemas.map((row) => ({
    database: text(row.database_name) ?? '',
    schema: text(row.schema_name) ?? '',
    comment: nonEmpty(row.comment),
  }));
  return {
    databases: rows.databases.map((row) => ({ name: text(row.database_name) ?? '', comment: nonEmpty(row.comment) })),
    schemas,
    relations: toRelations(rows.tables, rows.views),
    columns: rows.columns.map(toColumn),
    constraints: (rows.constraints ?? []).flatMap(toConstraint),
    indexes: (rows.indexes ?? []).map(toIndex),
  };
}
