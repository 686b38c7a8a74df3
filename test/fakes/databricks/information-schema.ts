/** The Unity Catalog information_schema views of the fake warehouse, as typed rows. */
import type { FakeColumn, FakeColumnType, FakeRow } from './rowset.js';
import type { WarehouseModel, WarehouseTable } from './warehouse-model.js';

export interface ViewData {
  columns: FakeColumn[];
  rows: FakeRow[];
}

const cols = (spec: string): FakeColumn[] =>
  spec.split(/\s*,\s*/).map((entry) => {
    const [name, type] = entry.split(':');
    return { name: name as string, type: (type as FakeColumnType | undefined) ?? 'STRING' };
  });

const pkName = (table: WarehouseTable) => `${table.name}_pk`;
const fkName = (table: WarehouseTable, columns: string[]) => `${table.name}_${columns.join('_')}_fk`;

function viewRows(view: string, model: WarehouseModel, tables: WarehouseTable[]): FakeRow[] | undefined {
  const keyOf = (t: WarehouseTable) => ({ table_catalog: t.catalog, table_schema: t.schema, table_name: t.name });
  switch (view) {
    case 'catalogs':
      return model.catalogs.map((c) => ({ catalog_name: c.name, catalog_owner: 'admin', comment: c.comment ?? null }));
    case 'schemata':
      return model.schemas.map((s) => ({
        catalog_name: s.catalog,
        schema_name: s.name,
        schema_owner: s.owner,
        comment: s.comment ?? null,
      }));
    case 'tables':
      return tables.map((t) => ({
        ...keyOf(t),
        table_type: t.tableType,
        table_owner: 'fixture_owner',
        data_source_format: t.tableType === 'VIEW' ? null : 'DELTA',
        comment: t.comment ?? null,
      }));
    case 'views':
      return tables
        .filter((t) => t.viewDefinition !== undefined)
        .map((t) => ({
          ...keyOf(t),
          view_definition: t.viewDefinition ?? null,
          is_materialized: t.tableType === 'MATERIALIZED_VIEW' ? 'TRUE' : 'FALSE',
        }));
    case 'columns':
      return tables.flatMap((t) =>
        t.columns.map((c, index) => ({
          ...keyOf(t),
          column_name: c.name,
          // Databricks numbers ORDINAL_POSITION from 0.
          ordinal_position: index,
          column_default: null,
          is_nullable: c.nullable ? 'YES' : 'NO',
          full_data_type: c.fullType,
          data_type: c.dataType,
          numeric_precision: c.precision ?? null,
          numeric_scale: c.scale ?? null,
          is_identity: 'NO',
          is_generated: 'NEVER',
          partition_ordinal_position: c.partitionIndex ?? null,
          comment: c.comment ?? null,
        })),
      );
    case 'table_constraints':
      return tables.flatMap((t) =>
        [
          ...(t.primaryKey ? [{ name: pkName(t), type: 'PRIMARY KEY' }] : []),
          ...t.foreignKeys.map((fk) => ({ name: fkName(t, fk.columns), type: 'FOREIGN KEY' })),
        ].map((c) => ({
          constraint_catalog: t.catalog,
          constraint_schema: t.schema,
          constraint_name: c.name,
          ...keyOf(t),
          constraint_type: c.type,
          is_deferrable: 'YES',
          initially_deferred: 'YES',
          enforced: 'NO',
        })),
      );
    case 'key_column_usage':
      return tables.flatMap((t) => {
        const usage = (name: string, columns: string[]) =>
          columns.map((column, i) => ({
            constraint_catalog: t.catalog,
            constraint_schema: t.schema,
            constraint_name: name,
            ...keyOf(t),
            column_name: column,
            ordinal_position: i + 1,
            position_in_unique_constraint: null,
          }));
        return [
          ...(t.primaryKey ? usage(pkName(t), t.primaryKey) : []),
          ...t.foreignKeys.flatMap((fk) => usage(fkName(t, fk.columns), fk.columns)),
        ];
      });
    case 'referential_constraints':
      return tables.flatMap((t) =>
        t.foreignKeys.map((fk) => {
          const target = model.tables.find(
            (x) => x.catalog === t.catalog && x.schema === fk.schema && x.name === fk.table,
          );
          return {
            constraint_catalog: t.catalog,
            constraint_schema: t.schema,
            constraint_name: fkName(t, fk.columns),
            unique_constraint_catalog: t.catalog,
            unique_constraint_schema: fk.schema,
            unique_constraint_name: target ? pkName(target) : `${fk.table}_pk`,
            match_option: 'FULL',
            update_rule: 'NO ACTION',
            delete_rule: 'NO ACTION',
          };
        }),
      );
    default:
      return undefined;
  }
}

/** Every column of each view as Unity Catalog documents it (docs.databricks.com, sql-ref-information-schema). */
const viewColumns: Record<string, FakeColumn[]> = {
  catalogs: cols(
    'catalog_name, catalog_owner, comment, created:TIMESTAMP, created_by, last_altered:TIMESTAMP, last_altered_by',
  ),
  schemata: cols(
    'catalog_name, schema_name, schema_owner, comment, created:TIMESTAMP, created_by, last_altered:TIMESTAMP, last_altered_by',
  ),
  tables: cols(
    'table_catalog, table_schema, table_name, table_type, is_insertable_into, commit_action, table_owner, comment, created:TIMESTAMP, created_by, last_altered:TIMESTAMP, last_altered_by, data_source_format, storage_sub_directory',
  ),
  views: cols(
    'table_catalog, table_schema, table_name, view_definition, check_option, is_updatable, is_insertable_into, sql_path, is_materialized',
  ),
  columns: cols(
    'table_catalog, table_schema, table_name, column_name, ordinal_position:INT, column_default, is_nullable, full_data_type, data_type, character_maximum_length:BIGINT, character_octet_length:BIGINT, numeric_precision:INT, numeric_precision_radix:INT, numeric_scale:INT, datetime_precision:INT, interval_type, interval_precision:INT, maximum_cardinality:BIGINT, is_identity, identity_generation, identity_start, identity_increment, identity_maximum, identity_minimum, identity_cycle, is_generated, generation_expression, is_system_time_period_start, is_system_time_period_end, system_time_period_timestamp_generation, is_updatable, partition_ordinal_position:INT, comment',
  ),
  table_constraints: cols(
    'constraint_catalog, constraint_schema, constraint_name, table_catalog, table_schema, table_name, constraint_type, is_deferrable, initially_deferred, enforced, comment',
  ),
  key_column_usage: cols(
    'constraint_catalog, constraint_schema, constraint_name, table_catalog, table_schema, table_name, column_name, ordinal_position:INT, position_in_unique_constraint:INT',
  ),
  referential_constraints: cols(
    'constraint_catalog, constraint_schema, constraint_name, unique_constraint_catalog, unique_constraint_schema, unique_constraint_name, match_option, update_rule, delete_rule',
  ),
};

/**
 * Rows of `<catalog>.information_schema.<view>` as the caller may see them: `system` shows every catalog, any
 * other catalog only itself; the restricted caller sees nothing of the restricted schema (Unity Catalog filters
 * by privilege instead of failing).
 */
export function informationSchemaView(
  model: WarehouseModel,
  catalog: string,
  view: string,
  restricted: boolean,
): ViewData | undefined {
  const columns = viewColumns[view];
  if (!columns) return undefined;
  const visibleTables = model.tables.filter((t) => !(restricted && t.schema === model.restrictedSchema));
  const rows = viewRows(view, model, visibleTables) ?? [];
  const catalogKey =
    view === 'catalogs' || view === 'schemata'
      ? 'catalog_name'
      : view.includes('constraint') || view === 'key_column_usage'
        ? 'constraint_catalog'
        : 'table_catalog';
  const schemaKey =
    view === 'schemata' ? 'schema_name' : catalogKey === 'constraint_catalog' ? 'constraint_schema' : 'table_schema';
  return {
    columns,
    rows: rows.filter(
      (row) =>
        (catalog === 'system' || row[catalogKey] === catalog) &&
        // information_schema lists hive_metastore as a catalog but none of its objects.
        (view === 'catalogs' || row[catalogKey] !== 'hive_metastore') &&
        !(restricted && view !== 'catalogs' && row[schemaKey] === model.restrictedSchema),
    ),
  };
}
