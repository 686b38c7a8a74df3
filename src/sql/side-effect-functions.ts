import type { SqlDialect } from './dialects.js';

/**
 * Functions that parse as an ordinary SELECT yet change state, wait, take locks, reach outside the database (files,
 * other servers, the shell, environment variables) or run SQL given as a string. Names are compared lowercased and
 * unqualified (`pg_catalog.pg_sleep` is `pg_sleep`). User-defined functions cannot be known here: the read-only
 * transaction and statement timeout of the adapter remain the second line of defence.
 */
interface FunctionDenylist {
  exact: readonly string[];
  prefixes: readonly string[];
  /** Names under a denied prefix that are known to be read-only. */
  allowed?: readonly string[];
}

const postgres: FunctionDenylist = {
  exact: [
    'pg_terminate_backend',
    'pg_cancel_backend',
    'set_config',
    'setseed',
    'pg_reload_conf',
    'pg_rotate_logfile',
    'pg_stat_file',
    'nextval',
    'setval',
    'txid_current',
    'pg_current_xact_id',
    'pg_notify',
    'pg_switch_wal',
    'pg_promote',
    'pg_create_restore_point',
    'pg_log_backend_memory_contexts',
    'pg_import_system_collations',
    'pg_logical_emit_message',
    'pg_start_backup',
    'pg_stop_backup',
    'pg_backup_start',
    'pg_backup_stop',
    'pg_file_write',
    'pg_file_rename',
    'pg_file_unlink',
    'pg_file_sync',
    'query_to_xml',
    'query_to_xmlschema',
    'query_to_xml_and_xmlschema',
    'cursor_to_xml',
    'cursor_to_xmlschema',
  ],
  prefixes: [
    'pg_sleep',
    'pg_advisory_',
    'pg_try_advisory_',
    'lo_',
    'dblink',
    'pg_read_file',
    'pg_read_binary_file',
    'pg_ls_',
    'pg_stat_reset',
    'pg_create_',
    'pg_drop_replication_slot',
    'pg_replication_origin_',
    'pg_replication_slot_advance',
    'pg_logical_slot_get_',
    'pg_signal_backend',
    'pg_copy_',
    'pg_wal_replay_',
  ],
};

const mysql: FunctionDenylist = {
  exact: [
    'sleep',
    'benchmark',
    'get_lock',
    'release_lock',
    'release_all_locks',
    'load_file',
    'last_insert_id',
    'master_pos_wait',
    'source_pos_wait',
    'wait_for_executed_gtid_set',
    'wait_until_sql_thread_after_gtids',
    // MariaDB sequences: reading the next value advances it.
    'nextval',
    'setval',
    'lastval',
  ],
  prefixes: ['sys_exec', 'sys_eval', 'sys_get', 'sys_set', 'lib_mysqludf_'],
};

const sqlServer: FunctionDenylist = {
  exact: ['openrowset', 'openquery', 'opendatasource'],
  prefixes: ['xp_', 'sp_'],
};

const snowflake: FunctionDenylist = {
  exact: [],
  prefixes: ['system$'],
  allowed: [
    'system$clustering_information',
    'system$clustering_depth',
    'system$typeof',
    'system$explain_plan_json',
    'system$explain_json_to_text',
    'system$get_tag',
    'system$last_change_commit_time',
    'system$stream_has_data',
  ],
};

const databricks: FunctionDenylist = { exact: ['reflect', 'java_method', 'try_reflect'], prefixes: [] };

const duckdb: FunctionDenylist = {
  exact: [
    'getenv',
    'glob',
    'query',
    'query_table',
    'sniff_csv',
    'postgres_execute',
    'postgres_query',
    'mysql_execute',
    'mysql_query',
    'sqlite_attach',
    'postgres_attach',
    'duckdb_secrets',
    'which_secret',
    'load_aws_credentials',
  ],
  // File and remote readers: reading the server's files is the DuckDB counterpart of pg_read_file.
  prefixes: ['read_', 'parquet_', 'iceberg_', 'delta_scan'],
};

const bigquery: FunctionDenylist = { exact: [], prefixes: [] };

const byDialect: Record<Exclude<SqlDialect, 'generic' | 'ansi'>, FunctionDenylist[]> = {
  postgresql: [postgres],
  redshift: [postgres],
  mysql: [mysql],
  mssql: [sqlServer],
  snowflake: [snowflake],
  databricks: [databricks],
  duckdb: [duckdb],
  bigquery: [bigquery],
};

const everyList = [postgres, mysql, sqlServer, snowflake, databricks, duckdb];

/** Whether calling `name` (any case, possibly qualified) is refused in `dialect`. Unknown dialects check every list. */
export function isSideEffectFunction(name: string, dialect: SqlDialect): boolean {
  const lower = name.toLowerCase();
  const lists = dialect === 'generic' || dialect === 'ansi' ? everyList : byDialect[dialect];
  return lists.some(
    (list) =>
      !list.allowed?.includes(lower) &&
      (list.exact.includes(lower) || list.prefixes.some((prefix) => lower.startsWith(prefix))),
  );
}
