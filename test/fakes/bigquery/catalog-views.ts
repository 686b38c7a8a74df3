/** INFORMATION_SCHEMA views of the fake project, computed from its world (dataset names = fixture schema names). */
import { bigQueryType, type FakeTable, type FakeWorld } from './world.js';

export type ViewRow = Record<string, string | number | boolean | null>;

const spec = (text: string): Record<string, string> =>
  Object.fromEntries(
    text.split(',').map((entry) => {
      const [name, type] = entry.trim().split(':') as [string, string | undefined];
      return [name, type ?? 'STRING'];
    }),
  );

/**
 * Every column of each modelled view with its type, as BigQuery documents them (cloud.google.com/bigquery/docs/
 * information-schema-*). Rows fill some of them; a statement naming a column not listed fails as on BigQuery.
 */
export const viewColumns: Record<string, Record<string, string>> = {
  SCHEMATA: spec(
    'catalog_name, schema_name, schema_owner, creation_time:TIMESTAMP, last_modified_time:TIMESTAMP, location, ddl, default_collation_name',
  ),
  SCHEMATA_OPTIONS: spec('catalog_name, schema_name, option_name, option_type, option_value'),
  TABLES: spec(
    'table_catalog, table_schema, table_name, table_type, is_insertable_into, is_typed, is_change_history_enabled, creation_time:TIMESTAMP, base_table_catalog, base_table_schema, base_table_name, snapshot_time_ms:TIMESTAMP, replica_source_catalog, replica_source_schema, replica_source_name, replication_status, replication_error, ddl, default_collation_name, upsert_stream_apply_watermark:TIMESTAMP, managed_table_type',
  ),
  TABLE_OPTIONS: spec('table_catalog, table_schema, table_name, option_name, option_type, option_value'),
  TABLE_STORAGE: spec(
    'project_id, project_number:INT64, table_catalog, table_schema, table_name, creation_time:TIMESTAMP, total_rows:INT64, total_partitions:INT64, total_logical_bytes:INT64, active_logical_bytes:INT64, long_term_logical_bytes:INT64, current_physical_bytes:INT64, total_physical_bytes:INT64, active_physical_bytes:INT64, long_term_physical_bytes:INT64, time_travel_physical_bytes:INT64, storage_last_modified_time:TIMESTAMP, deleted:BOOL, table_type, fail_safe_physical_bytes:INT64, last_metadata_index_refresh_time:TIMESTAMP, table_deletion_reason, table_deletion_time:TIMESTAMP',
  ),
  VIEWS: spec('table_catalog, table_schema, table_name, view_definition, check_option, use_standard_sql'),
  COLUMNS: spec(
    'table_catalog, table_schema, table_name, column_name, ordinal_position:INT64, is_nullable, data_type, is_generated, generation_expression, is_stored, is_hidden, is_updatable, is_system_defined, is_partitioning_column, clustering_ordinal_position:INT64, collation_name, column_default, rounding_mode, policy_tags',
  ),
  COLUMN_FIELD_PATHS: spec(
    'table_catalog, table_schema, table_name, column_name, field_path, data_type, description, collation_name, rounding_mode, policy_tags',
  ),
  TABLE_CONSTRAINTS: spec(
    'constraint_catalog, constraint_schema, constraint_name, table_catalog, table_schema, table_name, constraint_type, is_deferrable, initially_deferred, enforced',
  ),
  KEY_COLUMN_USAGE: spec(
    'constraint_catalog, constraint_schema, constraint_name, table_catalog, table_schema, table_name, column_name, ordinal_position:INT64, position_in_unique_constraint:INT64',
  ),
  CONSTRAINT_COLUMN_USAGE: spec(
    'table_catalog, table_schema, table_name, column_name, constraint_catalog, constraint_schema, constraint_name',
  ),
};

/** Views that exist only with a dataset qualifier, and views that exist only with a region qualifier. */
export const datasetOnlyViews = new Set(['TABLE_CONSTRAINTS', 'KEY_COLUMN_USAGE', 'CONSTRAINT_COLUMN_USAGE']);
export const regionOnlyViews = new Set(['SCHEMATA', 'SCHEMATA_OPTIONS', 'TABLE_STORAGE']);

const tableType = (t: FakeTable) =>
  t.kind === 'view' ? 'VIEW' : t.kind === 'materialized_view' ? 'MATERIALIZED VIEW' : 'BASE TABLE';
const base = (t: FakeTable) => ({ table_schema: t.schema, table_name: t.name });
const fkName = (t: FakeTable, columns: string[]) => `${t.name}.fk$${columns.join('_')}`;

function constraintRows(world: FakeWorld, view: string, t: FakeTable): ViewRow[] {
  const rows: ViewRow[] = [];
  const pkName = `${t.name}.pk$`;
  const tc = (name: string, type: string) => ({
    constraint_schema: t.schema,
    constraint_name: name,
    ...base(t),
    constraint_type: type,
    enforced: 'NO',
  });
  if (view === 'TABLE_CONSTRAINTS') {
    if (t.primaryKey) rows.push(tc(pkName, 'PRIMARY KEY'));
    for (const fk of t.foreignKeys ?? []) rows.push(tc(fkName(t, fk.columns), 'FOREIGN KEY'));
  }
  if (view === 'KEY_COLUMN_USAGE') {
    t.primaryKey?.forEach((column, i) => {
      rows.push({
        constraint_schema: t.schema,
        constraint_name: pkName,
        ...base(t),
        column_name: column,
        ordinal_position: i + 1,
        position_in_unique_constraint: null,
      });
    });
    for (const fk of t.foreignKeys ?? []) {
      const target = world.tables.find((x) => x.schema === fk.schema && x.name === fk.table);
      fk.columns.forEach((column, i) => {
        rows.push({
          constraint_schema: t.schema,
          constraint_name: fkName(t, fk.columns),
          ...base(t),
          column_name: column,
          ordinal_position: i + 1,
          position_in_unique_constraint: (target?.primaryKey?.indexOf(fk.referencedColumns[i] ?? '') ?? -1) + 1 || null,
        });
      });
    }
  }
  if (view === 'CONSTRAINT_COLUMN_USAGE') {
    for (const column of t.primaryKey ?? [])
      rows.push({ constraint_schema: t.schema, constraint_name: pkName, ...base(t), column_name: column });
    for (const fk of t.foreignKeys ?? []) {
      for (const column of fk.referencedColumns) {
        rows.push({
          constraint_schema: t.schema,
          constraint_name: fkName(t, fk.columns),
          table_schema: fk.schema,
          table_name: fk.table,
          column_name: column,
        });
      }
    }
  }
  return rows;
}

function tableRows(world: FakeWorld, view: string, t: FakeTable): ViewRow[] {
  switch (view) {
    case 'TABLES': {
      const ddl =
        t.kind === 'materialized_view'
          ? `CREATE MATERIALIZED VIEW \`${world.projectId}.${t.schema}.${t.name}\`\nAS ${t.viewSql}`
          : `CREATE TABLE \`${world.projectId}.${t.schema}.${t.name}\` (...)`;
      return [{ ...base(t), table_type: tableType(t), ddl }];
    }
    case 'TABLE_OPTIONS': {
      const rows: ViewRow[] = [];
      if (t.comment) rows.push({ ...base(t), option_name: 'description', option_value: JSON.stringify(t.comment) });
      if (t.partitioning) rows.push({ ...base(t), option_name: 'partition_expiration_days', option_value: '30.0' });
      return rows;
    }
    case 'TABLE_STORAGE':
      return t.kind === 'view'
        ? []
        : [{ ...base(t), total_rows: t.rows ?? 0, total_logical_bytes: (t.rows ?? 0) * 64, deleted: false }];
    case 'VIEWS':
      return t.kind === 'view' ? [{ ...base(t), view_definition: t.viewSql ?? '' }] : [];
    case 'COLUMNS':
      return t.columns.map((c, i) => ({
        ...base(t),
        column_name: c.name,
        ordinal_position: i + 1,
        is_nullable: c.nullable ? 'YES' : 'NO',
        data_type: bigQueryType(c),
        is_hidden: 'NO',
        is_generated: 'NEVER',
        is_partitioning_column: t.partitioning?.column === c.name ? 'YES' : 'NO',
        clustering_ordinal_position: t.clusterBy?.includes(c.name) ? t.clusterBy.indexOf(c.name) + 1 : null,
        column_default: 'NULL',
      }));
    case 'COLUMN_FIELD_PATHS':
      return t.columns.flatMap((c) => [
        {
          ...base(t),
          column_name: c.name,
          field_path: c.name,
          data_type: bigQueryType(c),
          description: c.comment ?? null,
        },
        ...(c.fields ?? []).map((f) => ({
          ...base(t),
          column_name: c.name,
          field_path: `${c.name}.${f.name}`,
          data_type: f.type,
          description: f.description ?? null,
        })),
      ]);
    default:
      return constraintRows(world, view, t);
  }
}

/** Rows of `view` for the given datasets. */
export function viewRows(world: FakeWorld, view: string, datasets: string[]): ViewRow[] {
  if (view === 'SCHEMATA') {
    return datasets.map((d) => ({ catalog_name: world.projectId, schema_name: d, location: world.location }));
  }
  if (view === 'SCHEMATA_OPTIONS') {
    return datasets
      .filter((d) => world.datasetComments[d])
      .map((d) => ({
        schema_name: d,
        option_name: 'description',
        option_value: JSON.stringify(world.datasetComments[d]),
      }));
  }
  return world.tables.filter((t) => datasets.includes(t.schema)).flatMap((t) => tableRows(world, view, t));
}
