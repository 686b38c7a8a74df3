/**
 * The sys.* catalog views the fake knows, with their real columns and types (SQL Server 2022, learn.microsoft.com
 * "sys.<view> (Transact-SQL)"). A statement naming any other view or column fails as on the real server.
 */

const objectColumns =
  'name:sysname, object_id:int, principal_id:int, schema_id:int, parent_object_id:int, type:char, type_desc:nvarchar, create_date:datetime, modify_date:datetime, is_ms_shipped:bit, is_published:bit, is_schema_published:bit';

const specs: Record<string, string> = {
  schemas: 'name:sysname, schema_id:int, principal_id:int',
  database_principals:
    'name:sysname, principal_id:int, type:char, type_desc:nvarchar, default_schema_name:sysname, create_date:datetime, modify_date:datetime, owning_principal_id:int, sid:varbinary, is_fixed_role:bit, authentication_type:int, authentication_type_desc:nvarchar, default_language_name:sysname, default_language_lcid:int, allow_encrypted_value_modifications:bit',
  extended_properties:
    'class:tinyint, class_desc:nvarchar, major_id:int, minor_id:int, name:sysname, value:sql_variant',
  objects: objectColumns,
  tables: `${objectColumns}, lob_data_space_id:int, filestream_data_space_id:int, max_column_id_used:int, lock_on_bulk_load:bit, uses_ansi_nulls:bit, is_replicated:bit, has_replication_filter:bit, is_merge_published:bit, is_sync_tran_subscribed:bit, has_unchecked_assembly_data:bit, text_in_row_limit:int, large_value_types_out_of_row:bit, is_tracked_by_cdc:bit, lock_escalation:tinyint, lock_escalation_desc:nvarchar, is_filetable:bit, is_memory_optimized:bit, durability:tinyint, durability_desc:nvarchar, temporal_type:tinyint, temporal_type_desc:nvarchar, history_table_id:int, is_remote_data_archive_enabled:bit, is_external:bit, history_retention_period:int, history_retention_period_unit:int, history_retention_period_unit_desc:nvarchar, is_node:bit, is_edge:bit, data_retention_period:int, data_retention_period_unit:int, data_retention_period_unit_desc:nvarchar, ledger_type:tinyint, ledger_type_desc:nvarchar, ledger_view_id:int, is_dropped_ledger_table:bit`,
  views: `${objectColumns}, is_replicated:bit, has_replication_filter:bit, has_opaque_metadata:bit, has_unchecked_assembly_data:bit, with_check_option:bit, is_date_correlation_view:bit, is_tracked_by_cdc:bit, has_snapshot:bit, ledger_view_type:tinyint, ledger_view_type_desc:nvarchar, is_dropped_ledger_view:bit`,
  sql_modules:
    'object_id:int, definition:nvarchar, uses_ansi_nulls:bit, uses_quoted_identifier:bit, is_schema_bound:bit, uses_database_collation:bit, is_recompiled:bit, null_on_null_input:bit, execute_as_principal_id:int, uses_native_compilation:bit, inline_type:bit, is_inlineable:bit',
  partitions:
    'partition_id:bigint, object_id:int, index_id:int, partition_number:int, hobt_id:bigint, rows:bigint, filestream_filegroup_id:smallint, data_compression:tinyint, data_compression_desc:nvarchar, xml_compression:bit, xml_compression_desc:varchar',
  allocation_units:
    'allocation_unit_id:bigint, type:tinyint, type_desc:nvarchar, container_id:bigint, data_space_id:int, total_pages:bigint, used_pages:bigint, data_pages:bigint',
  indexes:
    'object_id:int, name:sysname, index_id:int, type:tinyint, type_desc:nvarchar, is_unique:bit, data_space_id:int, ignore_dup_key:bit, is_primary_key:bit, is_unique_constraint:bit, fill_factor:tinyint, is_padded:bit, is_disabled:bit, is_hypothetical:bit, is_ignored_in_optimization:bit, allow_row_locks:bit, allow_page_locks:bit, has_filter:bit, filter_definition:nvarchar, compression_delay:int, suppress_dup_key_messages:bit, auto_created:bit, optimize_for_sequential_key:bit',
  partition_schemes:
    'name:sysname, data_space_id:int, type:char, type_desc:nvarchar, is_default:bit, is_system:bit, function_id:int',
  partition_functions:
    'name:sysname, function_id:int, type:char, type_desc:nvarchar, fanout:int, boundary_value_on_right:bit, is_system:bit, create_date:datetime, modify_date:datetime',
  index_columns:
    'object_id:int, index_id:int, index_column_id:int, column_id:int, key_ordinal:tinyint, partition_ordinal:tinyint, is_descending_key:bit, is_included_column:bit, column_store_order_ordinal:tinyint',
  columns:
    'object_id:int, name:sysname, column_id:int, system_type_id:tinyint, user_type_id:int, max_length:smallint, precision:tinyint, scale:tinyint, collation_name:sysname, is_nullable:bit, is_ansi_padded:bit, is_rowguidcol:bit, is_identity:bit, is_computed:bit, is_filestream:bit, is_replicated:bit, is_non_sql_subscribed:bit, is_merge_published:bit, is_dts_replicated:bit, is_xml_document:bit, xml_collection_id:int, default_object_id:int, rule_object_id:int, is_sparse:bit, is_column_set:bit, generated_always_type:tinyint, generated_always_type_desc:nvarchar, encryption_type:int, encryption_type_desc:nvarchar, encryption_algorithm_name:sysname, column_encryption_key_id:int, column_encryption_key_database_name:sysname, is_hidden:bit, is_masked:bit, graph_type:int, graph_type_desc:nvarchar, is_data_deletion_filter_column:bit, ledger_view_column_type:int, ledger_view_column_type_desc:nvarchar, is_dropped_ledger_column:bit',
  types:
    'name:sysname, system_type_id:tinyint, user_type_id:int, schema_id:int, principal_id:int, max_length:smallint, precision:tinyint, scale:tinyint, collation_name:sysname, is_nullable:bit, is_user_defined:bit, is_assembly_type:bit, default_object_id:int, rule_object_id:int, is_table_type:bit',
  default_constraints: `${objectColumns}, parent_column_id:int, definition:nvarchar, is_system_named:bit`,
  key_constraints: `${objectColumns}, unique_index_id:int, is_system_named:bit, is_enforced:bit`,
  foreign_keys: `${objectColumns}, referenced_object_id:int, key_index_id:int, is_disabled:bit, is_not_for_replication:bit, is_not_trusted:bit, delete_referential_action:tinyint, delete_referential_action_desc:nvarchar, update_referential_action:tinyint, update_referential_action_desc:nvarchar, is_system_named:bit`,
  foreign_key_columns:
    'constraint_object_id:int, constraint_column_id:int, parent_object_id:int, parent_column_id:int, referenced_object_id:int, referenced_column_id:int',
};

export interface SysColumn {
  name: string;
  type: string;
}

/** Column lists of every modelled view, by view name (lower case). */
export const sysViews: Record<string, SysColumn[]> = Object.fromEntries(
  Object.entries(specs).map(([view, spec]) => [
    view,
    spec.split(',').map((entry) => {
      const [name, type] = entry.trim().split(':') as [string, string];
      return { name, type };
    }),
  ]),
);

export type SysRow = Record<string, string | number | bigint | boolean | null>;

export type SysRows = Record<string, SysRow[]>;

export interface CatalogIds {
  next: () => number;
  table: (schema: string, name: string) => number;
  schema: (name: string) => number;
}

export const objectRow = (
  name: string,
  id: number,
  schemaId: number,
  type: string,
  desc: string,
  parent = 0,
): SysRow => ({
  name,
  object_id: id,
  principal_id: null,
  schema_id: schemaId,
  parent_object_id: parent,
  type,
  type_desc: desc,
  is_ms_shipped: false,
  is_published: false,
  is_schema_published: false,
});
