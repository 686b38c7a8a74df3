import type { NamePattern } from '../catalog/filters.js';
import type { Catalog, DatabaseEngine } from '../catalog/model.js';

export type { NamePattern } from '../catalog/filters.js';

/** Options every adapter call takes. */
export interface CallOptions {
  signal?: AbortSignal;
}

export interface ConnectionTestResult {
  ok: true;
  latencyMs: number;
  serverVersion: string;
}

export interface QueryOptions extends CallOptions {
  /** Rows kept at most; reading stops (and the cursor closes) past it. @default 10000 */
  maxRows?: number;
  /** Statement timeout, enforced by the server where it can be and cancelled on the server when it fires. @default 30000 */
  timeoutMs?: number;
  /** Run in a read-only transaction or session where the engine has one. @default false */
  readOnly?: boolean;
  /**
   * Check the statement without running it, as `capabilities.dryRun` says: `plan` (the engine's EXPLAIN, never
   * EXPLAIN ANALYZE: rows are the plan, JSON on PostgreSQL, MySQL/MariaDB and DuckDB), `estimate` (BigQuery: validated, `bytesProcessed` set, no rows) or
   * `describe` (Snowflake: compiled, result columns, no rows). Refused with NOT_SUPPORTED, before anything is sent,
   * where the engine has none. The statement itself is never executed. @default false
   */
  dryRun?: boolean;
  /**
   * Run untrusted (model-written) SQL: read-only, plus what the engine offers to enforce it. PostgreSQL/Redshift: a
   * READ ONLY transaction with `SET LOCAL search_path = pg_catalog`, `standard_conforming_strings`, lock and idle
   * timeouts, `SET LOCAL ROLE` to `role` when given, then ROLLBACK and DISCARD ALL so no session state survives.
   * MySQL/MariaDB: a READ ONLY transaction on a connection discarded afterwards. DuckDB: external access (files,
   * URLs, extensions) disabled and the configuration locked for the adapter's database, permanently. Results are
   * byte-capped (see `maxCellBytes`). Pair it with `checkReadOnlySql` and a catalog scope. @default false
   */
  sandbox?: boolean | { role?: string };
  /** A longer cell value is cut and marked. @default 65536 when sandboxed, else unlimited */
  maxCellBytes?: number;
  /** Rows stop (and `truncated` is set) past this many bytes. @default 8388608 when sandboxed, else unlimited */
  maxResultBytes?: number;
}

/** The `QueryOptions` defaults every adapter applies. */
export const defaultMaxRows = 10_000;
export const defaultTimeoutMs = 30_000;

export interface QueryColumn {
  name: string;
  /** The engine's type name for the column where the driver reports it. */
  type: string;
}

export interface QueryResult {
  columns: QueryColumn[];
  rows: Record<string, unknown>[];
  /** True when more rows existed than `maxRows`. */
  truncated: boolean;
  /** BigQuery dry run / jobs: bytes the query scans. */
  bytesProcessed?: number;
}

/** Positional (`[a, b]`, bound as $1/?/@p1 natively) or named (`{ name: value }`) parameters. */
export type QueryParams = readonly unknown[] | Readonly<Record<string, unknown>>;

export interface IntrospectOptions extends CallOptions {
  databases?: NamePattern;
  schemas?: NamePattern;
  tables?: NamePattern;
  /** Include system schemas (pg_catalog, information_schema, mysql, sys ...). @default false */
  includeSystemSchemas?: boolean;
  /**
   * Per-column null fraction, distinct estimate, min/max and sample values: from the engine's statistics where it
   * keeps them, else from a bounded sample (`sampleRows` rows of at most `sampleTables` tables). @default false
   */
  columnStats?: boolean | { sampleValues?: number; sampleRows?: number; sampleTables?: number };
  /**
   * Distinct values of low-cardinality text columns (`Column.fieldValues`), for value-aware catalog search. From the
   * engine's statistics where they exist, else one bounded query per column, at most `maxQueries` in all.
   * Supported on PostgreSQL, MySQL/MariaDB and DuckDB. @default false
   */
  fieldValues?: FieldValuesOption;
  /** Databases read at once where the engine reads one at a time. @default 4 */
  concurrency?: number;
  /** Called as each part is read, for progress metadata. */
  onProgress?: (progress: IntrospectProgress) => void;
}

export type FieldValuesOption =
  | boolean
  | {
      /** Values kept per column; a column with more distinct values gets none. @default 100 */
      maxValues?: number;
      /** Characters kept per value. @default 100 */
      maxValueLength?: number;
      /** Value queries sent per introspection at most (statistics cost none). @default 200 */
      maxQueries?: number;
      /** Rows a value query reads per column at most. @default 10000 */
      sampleRows?: number;
      /** Column-name globs never collected, besides the built-in ones (emails, secrets, names of people, free text). */
      exclude?: string[];
    };

export interface IntrospectProgress {
  step: string;
  databases?: number;
  schemas?: number;
  tables?: number;
  columns?: number;
}

/** What an engine supports; the contract tests and the tasks read it instead of checking `type`. */
export interface AdapterCapabilities {
  multipleDatabases: boolean;
  schemas: boolean;
  materializedViews: boolean;
  foreignKeys: boolean;
  /** Whether foreign keys are enforced (false on Snowflake, BigQuery, Databricks: informational only). */
  enforcedConstraints: boolean;
  indexes: boolean;
  partitions: boolean;
  comments: boolean;
  readOnlyTransactions: boolean;
  serverSideTimeout: boolean;
  cancelQuery: boolean;
  columnStatistics: boolean;
  /** What `QueryOptions.dryRun` does: see there; false when the engine has no dry run (NOT_SUPPORTED). */
  dryRun: 'plan' | 'estimate' | 'describe' | false;
  /** Whether a sandboxed query can switch to a role (`sandbox: { role }`); NOT_SUPPORTED otherwise. */
  sandboxRole: boolean;
  /** Parameter style the driver binds natively. */
  parameterStyle: 'positional' | 'named' | 'both';
  /** Dialect name for the SQL parser (sqlparser-rs dialect names). */
  sqlDialect: string;
}

/** One thing the credentials can do beyond reading, e.g. `SUPERUSER`, `WRITE`, `FILE_ACCESS`, `DBLINK`. */
export interface PrivilegeFinding {
  code: string;
  message: string;
}

/** What the connected credentials may do, as the server reports it. */
export interface PrivilegeReport {
  /** True when nothing beyond reading was found. */
  readOnly: boolean;
  findings: PrivilegeFinding[];
}

export interface Adapter extends AsyncDisposable {
  readonly type: DatabaseEngine;
  readonly capabilities: AdapterCapabilities;
  /** Catalog queries and statements sent so far (for round-trip accounting and benchmarks). */
  readonly queryCount: number;
  testConnection(options?: CallOptions): Promise<ConnectionTestResult>;
  query(sql: string, params?: QueryParams, options?: QueryOptions): Promise<QueryResult>;
  introspect(options?: IntrospectOptions): Promise<Catalog>;
  /**
   * Checks what the credentials can do beyond reading (least privilege), where the engine can tell: PostgreSQL,
   * Redshift, MySQL/MariaDB and DuckDB. Absent on engines where it is not checked.
   */
  checkPrivileges?(options?: CallOptions): Promise<PrivilegeReport>;
  /** Closes connections and pools; safe to call twice. */
  close(): Promise<void>;
}

export interface AdapterFactoryOptions<Client = unknown> {
  /** The driver module, injected (tests, bundlers); imported lazily when absent. */
  driver?: Client;
  /** Receives debug log lines (already redacted). */
  log?: (message: string, fields?: Record<string, unknown>) => void;
}
