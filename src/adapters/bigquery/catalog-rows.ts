/** INFORMATION_SCHEMA rows of BigQuery mapped to the kernel's row shapes (`assembleCatalog`). */
import type { Column, TableKind } from '../../catalog/model.js';
import { typeFamily } from '../../catalog/type-family.js';
import type {
  CatalogRows,
  ColumnRow,
  ConstraintRow,
  PartitionRow,
  RelationRow,
  SchemaRow,
} from '../kernel/assemble-catalog.js';

export type Row = Record<string, unknown>;

/** Rows of each catalog view; an unread view is an empty list (and a warning). */
export interface ViewRows {
  schemaOptions: Row[];
  tables: Row[];
  tableOptions: Row[];
  storage: Row[];
  views: Row[];
  columns: Row[];
  fieldPaths: Row[];
  constraints: Row[];
  keyColumns: Row[];
  constraintColumns: Row[];
}

const text = (row: Row, key: string): string | undefined => {
  const value = row[key];
  return value === null || value === undefined ? undefined : String(value);
};
const num = (row: Row, key: string): number | undefined => {
  const value = row[key];
  return value === null || value === undefined || value === '' ? undefined : Number(value);
};
/** Empty text means "none" in BigQuery's views (an empty description, an empty view text). */
const nonEmpty = (value: string | undefined) => (value ? value : undefined);
const tableKey = (row: Row) => `${text(row, 'table_schema')}.${text(row, 'table_name')}`;
const constraintKey = (row: Row) => `${text(row, 'constraint_schema')}.${text(row, 'constraint_name')}`;

function groupBy(rows: Row[], key: (row: Row) => string): Map<string, Row[]> {
  const groups = new Map<string, Row[]>();
  for (const row of rows) {
    const k = key(row);
    const list = groups.get(k);
    if (list) list.push(row);
    else groups.set(k, [row]);
  }
  return groups;
}

/** OPTIONS values come as SQL literals (`"a \"quoted\" text"`, `r"raw"`, `30.0`): returns the plain text. */
function unquoteOption(literal: string | undefined): string | undefined {
  if (literal === undefined) return undefined;
  const value = literal.trim();
  const raw = /^[rR](["'])([\s\S]*)\1$/.exec(value);
  if (raw) return raw[2];
  if (/^"[\s\S]*"$/.test(value)) {
    try {
      return JSON.parse(value) as string;
    } catch {
      return value.slice(1, -1);
    }
  }
  if (/^'[\s\S]*'$/.test(value)) return value.slice(1, -1).replace(/\\'/g, "'").replace(/\\\\/g, '\\');
  return value;
}

/**
 * Nested fields below `prefix` from COLUMN_FIELD_PATHS rows (`address.city`, `address.geo.lat` ...), in the order
 * the rows first name them. A field's own mode is not listed; REQUIRED shows only inside the parent's
 * STRUCT<... NOT NULL> text, so every field is nullable.
 */
function nestedFields(prefix: string, paths: Row[]): Column[] | undefined {
  const own = new Map<string, Row | undefined>();
  for (const path of paths) {
    const rest = (text(path, 'field_path') ?? '').slice(prefix.length + 1);
    const name = rest.split('.')[0] ?? '';
    if (!own.has(name)) own.set(name, undefined);
    if (!rest.includes('.')) own.set(name, path);
  }
  const fields = [...own].map(([name, row], index): Column => {
    const type = (row && text(row, 'data_type')) ?? '';
    const description = row && text(row, 'description');
    const below = `${prefix}.${name}.`;
    const nested = nestedFields(
      `${prefix}.${name}`,
      paths.filter((p) => text(p, 'field_path')?.startsWith(below)),
    );
    return {
      name,
      ordinal: index + 1,
      nativeType: type,
      type: typeFamily(type),
      nullable: true,
      ...(description ? { comment: description } : {}),
      ...(nested ? { fields: nested } : {}),
    };
  });
  return fields.length > 0 ? fields : undefined;
}

/** Columns of one table, pseudo-columns (_PARTITIONTIME) left out, with comments and nested fields. */
function tableColumns(projectId: string, columnRows: Row[], pathRows: Row[]): ColumnRow[] {
  return columnRows
    .filter((row) => text(row, 'is_hidden') !== 'YES')
    .map((row) => {
      const name = text(row, 'column_name') ?? '';
      const own = pathRows.find((p) => text(p, 'field_path') === name);
      const columnDefault = text(row, 'column_default');
      return {
        database: projectId,
        schema: text(row, 'table_schema') ?? '',
        table: text(row, 'table_name') ?? '',
        name,
        ordinal: num(row, 'ordinal_position') ?? 0,
        nativeType: text(row, 'data_type') ?? '',
        nullable: text(row, 'is_nullable') !== 'NO',
        default: columnDefault === 'NULL' ? undefined : nonEmpty(columnDefault),
        comment: nonEmpty(own ? text(own, 'description') : undefined),
        isGenerated: text(row, 'is_generated') === 'ALWAYS',
        fields: nestedFields(
          name,
          pathRows.filter((p) => (text(p, 'field_path') ?? '').startsWith(`${name}.`)),
        ),
      };
    });
}

/**
 * Partitioning from COLUMNS: a column partitioning (time-unit or integer range) is reported as `range`, the
 * strategy name other engines use for partitions holding contiguous ranges of a column; ingestion-time
 * partitioning shows as the hidden _PARTITIONTIME/_PARTITIONDATE column. Clustering columns come along.
 */
function partitionRow(projectId: string, columnRows: Row[]): PartitionRow | undefined {
  const partitionColumns = columnRows.filter((row) => text(row, 'is_partitioning_column') === 'YES');
  const clustering = columnRows
    .filter((row) => num(row, 'clustering_ordinal_position') !== undefined)
    .sort((a, b) => (num(a, 'clustering_ordinal_position') ?? 0) - (num(b, 'clustering_ordinal_position') ?? 0))
    .map((row) => text(row, 'column_name') ?? '');
  const first = columnRows[0];
  if (!first || (partitionColumns.length === 0 && clustering.length === 0)) return undefined;
  const names = partitionColumns.map((row) => text(row, 'column_name') ?? '');
  const strategy =
    names.length === 0 ? 'clustering' : names.some((n) => n.startsWith('_PARTITION')) ? 'ingestion-time' : 'range';
  return {
    database: projectId,
    schema: text(first, 'table_schema') ?? '',
    table: text(first, 'table_name') ?? '',
    strategy,
    columns: names,
    ...(clustering.length > 0 ? { clusteringColumns: clustering } : {}),
  };
}

const kinds: Record<string, TableKind> = {
  VIEW: 'view',
  'MATERIALIZED VIEW': 'materialized_view',
  EXTERNAL: 'external',
};
const kindOf = (tableType: string | undefined, partitioned: boolean): TableKind =>
  (tableType ? kinds[tableType] : undefined) ?? (partitioned ? 'partitioned' : 'table');

/** The SELECT of a materialized view's DDL (`CREATE MATERIALIZED VIEW ... AS SELECT ...`). */
function definitionFromDdl(ddl: string | undefined): string | undefined {
  if (!ddl) return undefined;
  const match = /\bAS\s+((?:SELECT|WITH|\()[\s\S]*)$/i.exec(ddl);
  return (match?.[1] ?? ddl).trim().replace(/;$/, '');
}

/** Tables in name order within each dataset, with comments, storage figures and view text. */
function relationRows(projectId: string, rows: ViewRows, partitions: Map<string, PartitionRow>): RelationRow[] {
  const options = groupBy(rows.tableOptions, tableKey);
  const storage = new Map(rows.storage.map((row) => [tableKey(row), row]));
  const views = new Map(rows.views.map((row) => [tableKey(row), text(row, 'view_definition')]));
  return [...rows.tables]
    .sort((a, b) => (text(a, 'table_name') ?? '').localeCompare(text(b, 'table_name') ?? ''))
    .map((row) => {
      const key = tableKey(row);
      const description = (options.get(key) ?? []).find((o) => text(o, 'option_name') === 'description');
      const stored = storage.get(key);
      return {
        database: projectId,
        schema: text(row, 'table_schema') ?? '',
        table: text(row, 'table_name') ?? '',
        kind: kindOf(text(row, 'table_type'), (partitions.get(key)?.columns.length ?? 0) > 0),
        comment: nonEmpty(unquoteOption(description ? text(description, 'option_value') : undefined)),
        rowCountEstimate: stored ? num(stored, 'total_rows') : undefined,
        sizeBytes: stored ? num(stored, 'total_logical_bytes') : undefined,
        viewDefinition: nonEmpty(views.get(key) ?? definitionFromDdl(text(row, 'ddl'))),
      };
    });
}

/** Primary and foreign keys (informational in BigQuery) from the three constraint views. */
function constraintRows(projectId: string, rows: ViewRows): ConstraintRow[] {
  const keyColumns = groupBy(rows.keyColumns, constraintKey);
  const referenced = groupBy(rows.constraintColumns, constraintKey);
  const ordered = (row: Row) =>
    [...(keyColumns.get(constraintKey(row)) ?? [])].sort(
      (a, b) => (num(a, 'ordinal_position') ?? 0) - (num(b, 'ordinal_position') ?? 0),
    );
  const relation = (row: Row) => ({
    database: projectId,
    schema: text(row, 'table_schema') ?? '',
    table: text(row, 'table_name') ?? '',
    name: text(row, 'constraint_name'),
  });
  const primary = new Map<string, ConstraintRow>();
  for (const row of rows.constraints.filter((r) => text(r, 'constraint_type') === 'PRIMARY KEY')) {
    const columns = ordered(row).map((r) => text(r, 'column_name') ?? '');
    if (columns.length > 0) primary.set(tableKey(row), { ...relation(row), kind: 'primary', columns });
  }
  const foreign: ConstraintRow[] = [];
  for (const row of rows.constraints.filter((r) => text(r, 'constraint_type') === 'FOREIGN KEY')) {
    const columns = ordered(row);
    const targets = referenced.get(constraintKey(row)) ?? [];
    const target = targets[0];
    if (columns.length === 0 || !target) continue;
    const targetKey = primary.get(tableKey(target))?.columns;
    foreign.push({
      ...relation(row),
      kind: 'foreign',
      columns: columns.map((r) => text(r, 'column_name') ?? ''),
      referencedSchema: text(target, 'table_schema') ?? '',
      referencedTable: text(target, 'table_name') ?? '',
      referencedColumns: columns.map((column, index) => {
        const position = num(column, 'position_in_unique_constraint');
        return (position && targetKey?.[position - 1]) || text(targets[index] ?? target, 'column_name') || '';
      }),
    });
  }
  return [...primary.values(), ...foreign];
}

/** The kernel's rows for the project: `datasets` (in order) are its schemas, the project its one database. */
export function catalogRows(projectId: string, datasets: string[], rows: ViewRows): CatalogRows {
  const columns = groupBy(rows.columns, tableKey);
  const paths = groupBy(rows.fieldPaths, tableKey);
  const partitions = new Map<string, PartitionRow>();
  for (const [key, list] of columns) {
    const partition = partitionRow(projectId, list);
    if (partition) partitions.set(key, partition);
  }
  const schemaComments = new Map(
    rows.schemaOptions
      .filter((row) => text(row, 'option_name') === 'description')
      .map((row) => [text(row, 'schema_name'), unquoteOption(text(row, 'option_value'))]),
  );
  const schemas: SchemaRow[] = datasets.map((dataset) => ({
    database: projectId,
    schema: dataset,
    comment: schemaComments.get(dataset),
  }));
  return {
    databases: [{ name: projectId }],
    schemas,
    relations: relationRows(projectId, rows, partitions),
    columns: [...columns].flatMap(([key, list]) => tableColumns(projectId, list, paths.get(key) ?? [])),
    constraints: constraintRows(projectId, rows),
    partitions: [...partitions.values()],
  };
}
