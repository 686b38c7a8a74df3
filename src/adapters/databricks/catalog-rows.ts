/**
 * Databricks catalog rows (Unity Catalog information_schema, or the JDBC-shaped rows of the Thrift metadata
 * operations) mapped to the kernel's row shapes. Databricks names are case-insensitive, so rows are joined on
 * lower-cased names and then spelled as their parent spells them, for `assembleCatalog`'s exact matching.
 */
import type { TableKind } from '../../catalog/model.js';
import type { IntrospectOptions } from '../adapter.js';
import type { CatalogRows, ConstraintRow, PartitionRow } from '../kernel/assemble-catalog.js';
import type { InformationSchemaView, MetadataTable } from './catalog-queries.js';

export type Row = Record<string, unknown>;
/** Catalog rows with the database list always present (Databricks lists catalogs with their comments). */
export type DatabricksCatalogRows = CatalogRows & {
  databases: NonNullable<CatalogRows['databases']>;
  constraints: ConstraintRow[];
};
export type InformationSchemaRows = Partial<Record<InformationSchemaView, Row[]>>;
/** Rows of GetCatalogs, GetSchemas, GetTables and GetColumns. */
export type MetadataRows = Record<'catalogs' | 'schemas' | 'tables' | 'columns', Row[]>;

/** Row value as a string, or undefined for null/empty. */
const text = (value: unknown): string | undefined =>
  value === null || value === undefined || value === '' ? undefined : String(value);
const lower = (...names: unknown[]) => names.map(String).join('\u0000').toLowerCase();
const relationKey = (row: MetadataTable) => lower(row.database, row.schema, row.table);

const systemCatalogs = new Set(['system', '__databricks_internal']);
const systemSchemas = new Set(['information_schema']);

/**
 * Databricks table types (information_schema TABLE_TYPE or JDBC TABLE_TYPE) as catalog kinds; any other is a
 * `table`. A partitioned Delta table stays a `table`: its partitions are per value (see `partitioning`).
 */
const tableKinds = new Map<string, TableKind>([
  ['VIEW', 'view'],
  ['METRIC_VIEW', 'view'],
  ['MATERIALIZED_VIEW', 'materialized_view'],
  ['EXTERNAL', 'external'],
  ['EXTERNAL_SHALLOW_CLONE', 'external'],
  ['FOREIGN', 'foreign'],
]);
const tableKind = (type: string | undefined): TableKind => tableKinds.get((type ?? '').toUpperCase()) ?? 'table';

function groupRows(rows: Row[], key: (row: Row) => string): Map<string, Row[]> {
  const map = new Map<string, Row[]>();
  for (const row of rows) {
    const list = map.get(key(row));
    if (list) list.push(row);
    else map.set(key(row), [row]);
  }
  return map;
}

const tableOf = (r: Row): MetadataTable => ({
  database: String(r.table_catalog),
  schema: String(r.table_schema),
  table: String(r.table_name),
});

/** information_schema rows as catalog rows; the optional views may be missing. */
export function informationSchemaRows(rows: InformationSchemaRows): DatabricksCatalogRows {
  const get = (view: InformationSchemaView) => rows[view] ?? [];
  const viewDefinitions = new Map(get('views').map((r) => [relationKey(tableOf(r)), text(r.view_definition)]));
  const columns = get('columns');
  return {
    databases: get('catalogs').map((r) => ({ name: String(r.catalog_name), comment: text(r.comment) })),
    schemas: get('schemata').map((r) => ({
      database: String(r.catalog_name),
      schema: String(r.schema_name),
      comment: text(r.comment),
      owner: text(r.schema_owner),
    })),
    relations: get('tables').map((r) => ({
      ...tableOf(r),
      kind: tableKind(text(r.table_type)),
      comment: text(r.comment),
      viewDefinition: viewDefinitions.get(relationKey(tableOf(r))),
    })),
    columns: columns.map((r) => ({
      ...tableOf(r),
      name: String(r.column_name),
      ordinal: Number(r.ordinal_position),
      nativeType: text(r.full_data_type) ?? text(r.data_type) ?? 'unknown',
      nullable: String(r.is_nullable).toUpperCase() !== 'NO',
      default: text(r.column_default),
      comment: text(r.comment),
      isIdentity: String(r.is_identity).toUpperCase() === 'YES',
      isGenerated: String(r.is_generated).toUpperCase() === 'ALWAYS',
    })),
    constraints: informationSchemaKeys(rows),
    partitions: partitionRows(columns),
  };
}

/** Delta/Hive partitions are one directory per distinct value of the partition columns: strategy `identity`. */
function partitionRows(columns: Row[]): PartitionRow[] {
  const partitioned = columns.filter((r) => text(r.partition_ordinal_position) !== undefined);
  const position = (r: Row, field: string) => Number(r[field]);
  return [...groupRows(partitioned, (r) => relationKey(tableOf(r))).values()].map((list) => ({
    ...tableOf(list[0] as Row),
    strategy: 'identity',
    columns: list
      .sort(
        (a, b) =>
          position(a, 'partition_ordinal_position') - position(b, 'partition_ordinal_position') ||
          position(a, 'ordinal_position') - position(b, 'ordinal_position'),
      )
      .map((r) => String(r.column_name)),
  }));
}

/** Primary and foreign keys from table_constraints, key_column_usage and referential_constraints. */
function informationSchemaKeys(rows: InformationSchemaRows): ConstraintRow[] {
  const constraintKey = (r: Row, prefix = 'constraint') =>
    lower(r[`${prefix}_catalog`], r[`${prefix}_schema`], r[`${prefix}_name`]);
  const ordered = [...(rows.key_column_usage ?? [])].sort(
    (a, b) => Number(a.ordinal_position) - Number(b.ordinal_position),
  );
  const usage = groupRows(ordered, (r) => constraintKey(r));
  const referential = new Map((rows.referential_constraints ?? []).map((r) => [constraintKey(r), r]));
  const keys: ConstraintRow[] = [];
  for (const c of rows.table_constraints ?? []) {
    const key = constraintKey(c);
    const columns = (usage.get(key) ?? []).map((r) => String(r.column_name));
    const base = { ...tableOf(c), name: String(c.constraint_name), columns };
    const type = String(c.constraint_type).toUpperCase();
    if (type === 'PRIMARY KEY' && columns.length > 0) keys.push({ ...base, kind: 'primary' });
    if (type !== 'FOREIGN KEY') continue;
    const ref = referential.get(key);
    const target = ref ? (usage.get(constraintKey(ref, 'unique_constraint')) ?? []) : [];
    if (!ref || target.length === 0 || columns.length === 0) continue;
    const first = target[0] as Row;
    keys.push({
      ...base,
      kind: 'foreign',
      referencedDatabase: String(first.table_catalog),
      referencedSchema: String(first.table_schema),
      referencedTable: String(first.table_name),
      referencedColumns: target.map((r) => String(r.column_name)),
      onUpdate: text(ref.update_rule),
      onDelete: text(ref.delete_rule),
    });
  }
  return keys;
}

const jdbcTable = (r: Row): MetadataTable => ({
  database: String(r.TABLE_CAT),
  schema: String(r.TABLE_SCHEM),
  table: String(r.TABLE_NAME),
});

/** Metadata-operation rows as catalog rows, only those of `catalog` when one is named. */
export function metadataRows(rows: MetadataRows, catalog: string | undefined): DatabricksCatalogRows {
  const inScope = (name: unknown) => !catalog || String(name).toLowerCase() === catalog.toLowerCase();
  return {
    databases: rows.catalogs.filter((r) => inScope(r.TABLE_CAT)).map((r) => ({ name: String(r.TABLE_CAT) })),
    schemas: rows.schemas
      .filter((r) => inScope(r.TABLE_CATALOG))
      .map((r) => ({ database: String(r.TABLE_CATALOG), schema: String(r.TABLE_SCHEM) })),
    relations: rows.tables
      .filter((r) => inScope(r.TABLE_CAT))
      .map((r) => ({ ...jdbcTable(r), kind: tableKind(text(r.TABLE_TYPE)), comment: text(r.REMARKS) })),
    columns: rows.columns
      .filter((r) => inScope(r.TABLE_CAT))
      .map((r) => ({
        ...jdbcTable(r),
        name: String(r.COLUMN_NAME),
        ordinal: Number(r.ORDINAL_POSITION),
        nativeType: (text(r.TYPE_NAME) ?? 'unknown').toLowerCase(),
        nullable: Number(r.NULLABLE) !== 0,
        default: text(r.COLUMN_DEF),
        comment: text(r.REMARKS),
        isIdentity: String(r.IS_AUTO_INCREMENT).toUpperCase() === 'YES',
      })),
    constraints: [],
  };
}

const byKeySeq = (rows: Row[]) => [...rows].sort((a, b) => Number(a.KEY_SEQ) - Number(b.KEY_SEQ));

/** GetPrimaryKeys and GetCrossReference rows of one table as its primary and foreign keys. */
export function metadataKeyRows(table: MetadataTable, primaryKey: Row[], references: Row[]): ConstraintRow[] {
  const keys: ConstraintRow[] = [];
  const pk = byKeySeq(primaryKey);
  if (pk.length > 0) {
    keys.push({ ...table, kind: 'primary', name: text(pk[0]?.PK_NAME), columns: pk.map((r) => String(r.COLUMN_NAME)) });
  }
  const byName = groupRows(byKeySeq(references), (r) => String(r.FK_NAME ?? `${r.PKTABLE_NAME}`));
  for (const [name, parts] of byName) {
    const first = parts[0] as Row;
    keys.push({
      ...table,
      kind: 'foreign',
      name,
      columns: parts.map((r) => String(r.FKCOLUMN_NAME)),
      referencedDatabase: String(first.PKTABLE_CAT),
      referencedSchema: String(first.PKTABLE_SCHEM),
      referencedTable: String(first.PKTABLE_NAME),
      referencedColumns: parts.map((r) => String(r.PKCOLUMN_NAME)),
    });
  }
  return keys;
}

/**
 * The rows `assembleCatalog` gets: system catalogs and schemas left out unless asked for, only the credentials'
 * catalog when they name one, and every row spelled as its parent spells it (names are case-insensitive).
 */
export function scopedRows(
  rows: DatabricksCatalogRows,
  options: IntrospectOptions,
  onlyCatalog: string | undefined,
): CatalogRows {
  const withSystem = options.includeSystemSchemas ?? false;
  const databases = rows.databases.filter(
    (d) =>
      (withSystem || !systemCatalogs.has(d.name.toLowerCase())) &&
      (!onlyCatalog || d.name.toLowerCase() === onlyCatalog.toLowerCase()),
  );
  const databaseNames = new Map(rows.databases.map((d) => [d.name.toLowerCase(), { database: d.name }]));
  const schemas = rows.schemas
    .filter((s) => withSystem || !systemSchemas.has(s.schema.toLowerCase()))
    .map((s) => respell(s, databaseNames.get(s.database.toLowerCase()), ['database']));
  const schemaNames = new Map(schemas.map((s) => [lower(s.database, s.schema), s]));
  const relations = rows.relations.map((r) =>
    respell(r, schemaNames.get(lower(r.database, r.schema)), ['database', 'schema']),
  );
  const relationNames = new Map(relations.map((r) => [relationKey(r), r]));
  const onRelation = <T extends MetadataTable>(row: T): T =>
    respell(row, relationNames.get(relationKey(row)), ['database', 'schema', 'table']);
  return {
    databases,
    schemas,
    relations,
    columns: rows.columns.map(onRelation),
    constraints: rows.constraints.map(onRelation),
    partitions: (rows.partitions ?? []).map(onRelation),
  };
}

/** `row` with `parent`'s spelling of `fields`; the same object when they already agree (the usual case). */
function respell<T extends Partial<MetadataTable>>(
  row: T,
  parent: Partial<MetadataTable> | undefined,
  fields: Array<keyof MetadataTable>,
): T {
  if (!parent || fields.every((field) => row[field] === parent[field])) return row;
  return { ...row, ...Object.fromEntries(fields.map((field) => [field, parent[field]])) };
}
