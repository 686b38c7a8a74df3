import { globToLike } from '../../catalog/filters.js';
import type { IntrospectOptions, NamePattern } from '../adapter.js';

/** A statement and its `?` values. */
export interface BoundSql {
  sql: string;
  params: unknown[];
}

export const systemSchemas = ['mysql', 'information_schema', 'performance_schema', 'sys'];

/**
 * LIKE conditions for a glob filter. A glob with a dot is matched against `qualifiedExpr` (schema.table); without
 * one, an include we cannot express must not narrow the SQL (the exact filter runs afterwards anyway).
 */
function likeConditions(pattern: NamePattern | undefined, nameExpr: string, qualifiedExpr?: string): BoundSql {
  const target = (glob: string) => (glob.includes('.') ? qualifiedExpr : nameExpr);
  const parts: string[] = [];
  const params: unknown[] = [];
  const includes = pattern?.include ?? [];
  if (includes.length > 0 && includes.every((glob) => target(glob) !== undefined)) {
    parts.push(`(${includes.map((glob) => `${target(glob)} LIKE ?`).join(' OR ')})`);
    params.push(...includes.map(globToLike));
  }
  for (const glob of (pattern?.exclude ?? []).filter((item) => target(item) !== undefined)) {
    parts.push(`${target(glob)} NOT LIKE ?`);
    params.push(globToLike(glob));
  }
  return { sql: parts.join(' AND '), params };
}

function and(...conditions: BoundSql[]): BoundSql {
  const used = conditions.filter((condition) => condition.sql !== '');
  return {
    sql: used.length === 0 ? '1 = 1' : used.map((condition) => condition.sql).join(' AND '),
    params: used.flatMap((condition) => condition.params),
  };
}

/** The schema filter (and the system-schema exclusion) on a schema-name column. */
export function schemaCondition(column: string, options: IntrospectOptions): BoundSql {
  const system = options.includeSystemSchemas
    ? { sql: '', params: [] }
    : { sql: `${column} NOT IN (${systemSchemas.map(() => '?').join(', ')})`, params: [...systemSchemas] };
  return and(system, likeConditions(options.schemas, column));
}

/** Schema and table filters on a table-level catalog view. */
export function tableCondition(schemaColumn: string, tableColumn: string, options: IntrospectOptions): BoundSql {
  return and(
    schemaCondition(schemaColumn, options),
    likeConditions(options.tables, tableColumn, `CONCAT(${schemaColumn}, '.', ${tableColumn})`),
  );
}

/**
 * Limits a read to the schemas known (from an earlier read) to hold what it looks for. Every information_schema
 * read opens the definition of every table in its schemas, so an empty list (`IN (NULL)`: nothing) costs nothing.
 */
function onlySchemas(column: string, schemas: string[] | undefined): BoundSql {
  if (schemas === undefined) return { sql: '', params: [] };
  if (schemas.length === 0) return { sql: `${column} IN (NULL)`, params: [] };
  return { sql: `${column} IN (${schemas.map(() => '?').join(', ')})`, params: schemas };
}

/** A table (or view) by its schema and name. */
export interface TableName {
  schema: string;
  table: string;
}

/**
 * Limits a read to the tables an earlier read showed to be what it looks for, as `(schema, table) IN (...)`. MariaDB
 * then opens only those tables' definitions, where a schema list opens every table in the schemas (the 500 views of
 * 5,000 tables: 50 -> 13 ms). An empty list reads nothing.
 */
function onlyTables(schemaColumn: string, tableColumn: string, tables: TableName[] | undefined): BoundSql {
  if (tables === undefined) return { sql: '', params: [] };
  if (tables.length === 0) return { sql: `${schemaColumn} IN (NULL)`, params: [] };
  return {
    sql: `(${schemaColumn}, ${tableColumn}) IN (${tables.map(() => '(?, ?)').join(', ')})`,
    params: tables.flatMap(({ schema, table }) => [schema, table]),
  };
}

// `'user'@'host'`, the form the privilege views use for GRANTEE.
const currentGrantee = `CONCAT('''', SUBSTRING_INDEX(CURRENT_USER(), '@', 1), '''@''', SUBSTRING_INDEX(CURRENT_USER(), '@', -1), '''')`;

/**
 * Schemas with a flag telling whether the session holds any privilege in them. MySQL lists a schema it cannot read
 * only when the user has SHOW DATABASES; such a schema then shows no tables and becomes a warning.
 */
export function schemataQuery(options: IntrospectOptions): BoundSql {
  const where = schemaCondition('s.SCHEMA_NAME', options);
  return {
    sql: `SELECT s.*,
  (EXISTS (SELECT 1 FROM information_schema.USER_PRIVILEGES p WHERE p.GRANTEE = ${currentGrantee} AND p.PRIVILEGE_TYPE = 'SELECT')
   OR EXISTS (SELECT 1 FROM information_schema.SCHEMA_PRIVILEGES p WHERE p.GRANTEE = ${currentGrantee} AND s.SCHEMA_NAME LIKE p.TABLE_SCHEMA)
   OR EXISTS (SELECT 1 FROM information_schema.TABLE_PRIVILEGES p WHERE p.GRANTEE = ${currentGrantee} AND p.TABLE_SCHEMA = s.SCHEMA_NAME)
   OR EXISTS (SELECT 1 FROM information_schema.COLUMN_PRIVILEGES p WHERE p.GRANTEE = ${currentGrantee} AND p.TABLE_SCHEMA = s.SCHEMA_NAME)
  ) AS DT_HAS_PRIVILEGE
FROM information_schema.SCHEMATA s
WHERE ${where.sql}
ORDER BY s.SCHEMA_NAME, CAST(s.SCHEMA_NAME AS BINARY)`,
    params: where.params,
  };
}

/**
 * Tables and views in a deterministic order: on a case-sensitive file system `A` and `a` are two tables that the
 * case-insensitive collation ranks equal, so the binary name breaks the tie (the schema read does the same).
 * `sizes: false` leaves out the row estimate, size and create options, which make MariaDB open every table (three
 * times the cost of the read without them at 5,000 tables); `schemas` limits the read.
 */
export function tablesQuery(
  options: IntrospectOptions,
  { sizes = true, schemas }: { sizes?: boolean; schemas?: string[] } = {},
): BoundSql {
  const where = and(tableCondition('TABLE_SCHEMA', 'TABLE_NAME', options), onlySchemas('TABLE_SCHEMA', schemas));
  const sized = sizes ? ', TABLE_ROWS, DATA_LENGTH + INDEX_LENGTH AS SIZE_BYTES, CREATE_OPTIONS' : '';
  return {
    sql: `SELECT TABLE_SCHEMA, TABLE_NAME, TABLE_TYPE, ENGINE, TABLE_COMMENT${sized}
FROM information_schema.TABLES
WHERE ${where.sql}
ORDER BY TABLE_SCHEMA, CAST(TABLE_SCHEMA AS BINARY), TABLE_NAME, CAST(TABLE_NAME AS BINARY)`,
    params: where.params,
  };
}

/**
 * InnoDB's statistics of the tables in its dictionary cache (MariaDB, PROCESS privilege): the row estimates and
 * page counts information_schema.TABLES reports for them, read without opening a table; and the page size of the
 * compressed tables, whose sizes count in their own page size. Names are `db/table` (the schema filter applies to
 * the part before the slash). See `innodbTableSizes` (catalog-rows-innodb.ts).
 */
export function innodbTableStatsQuery(options: IntrospectOptions): BoundSql {
  const where = schemaCondition("SUBSTRING_INDEX(NAME, '/', 1)", options);
  return {
    sql: `SELECT NAME, NUM_ROWS, CLUST_INDEX_SIZE + OTHER_INDEX_SIZE AS PAGES, @@innodb_page_size AS PAGE_SIZE, 0 AS ZIP
FROM information_schema.INNODB_SYS_TABLESTATS
WHERE CAST(STATS_INITIALIZED AS CHAR) IN ('1', 'Initialized') AND ${where.sql}
UNION ALL
SELECT NAME, NULL, NULL, ZIP_PAGE_SIZE, 1 FROM information_schema.INNODB_SYS_TABLES
WHERE ZIP_PAGE_SIZE > 0 AND ${where.sql}`,
    params: [...where.params, ...where.params],
  };
}

/**
 * View definitions, of the `views` given only when given. Past `maxNamed` views the read names their schemas instead:
 * a statement naming every view would outgrow the server's max_allowed_packet (16 MB by default on MariaDB, ~40
 * bytes a view). @default maxNamed 20,000
 */
export function viewsQuery(
  options: IntrospectOptions,
  views?: TableName[],
  { maxNamed = 20_000 }: { maxNamed?: number } = {},
): BoundSql {
  const only =
    views !== undefined && views.length > maxNamed
      ? onlySchemas('TABLE_SCHEMA', [...new Set(views.map((view) => view.schema))])
      : onlyTables('TABLE_SCHEMA', 'TABLE_NAME', views);
  const where = and(tableCondition('TABLE_SCHEMA', 'TABLE_NAME', options), only);
  return {
    sql: `SELECT TABLE_SCHEMA, TABLE_NAME, VIEW_DEFINITION FROM information_schema.VIEWS WHERE ${where.sql}`,
    params: where.params,
  };
}

/**
 * Columns, in no order: the server fills information_schema.COLUMNS table by table anyway, and sorting its 55,000 rows
 * at 5,000 tables cost ~13 ms of the longest read. columnGroups groups them by table and orders each by position.
 */
export function columnsQuery(options: IntrospectOptions): BoundSql {
  const where = tableCondition('TABLE_SCHEMA', 'TABLE_NAME', options);
  return {
    sql: `SELECT TABLE_SCHEMA, TABLE_NAME, COLUMN_NAME, ORDINAL_POSITION, COLUMN_DEFAULT, IS_NULLABLE, COLUMN_TYPE,
  COLUMN_COMMENT, EXTRA
FROM information_schema.COLUMNS
WHERE ${where.sql}`,
    params: where.params,
  };
}

/**
 * Key columns of primary keys (named PRIMARY), unique constraints and foreign keys (with REFERENCED_*). Read on its
 * own: joining information_schema views makes MariaDB re-read one per row of the other (minutes at a few hundred
 * tables).
 */
export function keyColumnsQuery(options: IntrospectOptions): BoundSql {
  const where = tableCondition('TABLE_SCHEMA', 'TABLE_NAME', options);
  return {
    sql: `SELECT TABLE_SCHEMA, TABLE_NAME, CONSTRAINT_NAME, COLUMN_NAME, ORDINAL_POSITION, REFERENCED_TABLE_SCHEMA,
  REFERENCED_TABLE_NAME, REFERENCED_COLUMN_NAME
FROM information_schema.KEY_COLUMN_USAGE
WHERE ${where.sql}
ORDER BY TABLE_SCHEMA, TABLE_NAME, CONSTRAINT_NAME, ORDINAL_POSITION`,
    params: where.params,
  };
}

/** ON UPDATE / ON DELETE rules of the foreign keys. */
export function referentialRulesQuery(options: IntrospectOptions, schemas?: string[]): BoundSql {
  const where = and(
    tableCondition('CONSTRAINT_SCHEMA', 'TABLE_NAME', options),
    onlySchemas('CONSTRAINT_SCHEMA', schemas),
  );
  return {
    sql: `SELECT CONSTRAINT_SCHEMA AS TABLE_SCHEMA, TABLE_NAME, CONSTRAINT_NAME, UPDATE_RULE, DELETE_RULE
FROM information_schema.REFERENTIAL_CONSTRAINTS
WHERE ${where.sql}`,
    params: where.params,
  };
}

/**
 * Index rows, in `schemas` only when given. INDEX_TYPE makes MariaDB open every table (three times the cost of the
 * read without it at 5,000 tables): `typed: false` leaves it out, for the InnoDB tables the dictionary types.
 */
export function indexesQuery(
  options: IntrospectOptions,
  { typed = true, schemas }: { typed?: boolean; schemas?: string[] } = {},
): BoundSql {
  const where = and(tableCondition('TABLE_SCHEMA', 'TABLE_NAME', options), onlySchemas('TABLE_SCHEMA', schemas));
  return {
    sql: `SELECT TABLE_SCHEMA, TABLE_NAME, INDEX_NAME, NON_UNIQUE, SEQ_IN_INDEX, COLUMN_NAME${typed ? ', INDEX_TYPE' : ''}, SUB_PART
FROM information_schema.STATISTICS
WHERE ${where.sql}
ORDER BY TABLE_SCHEMA, TABLE_NAME, INDEX_NAME, SEQ_IN_INDEX`,
    params: where.params,
  };
}

export function partitionsQuery(options: IntrospectOptions, schemas?: string[]): BoundSql {
  const where = and(tableCondition('TABLE_SCHEMA', 'TABLE_NAME', options), onlySchemas('TABLE_SCHEMA', schemas));
  return {
    sql: `SELECT TABLE_SCHEMA, TABLE_NAME, PARTITION_NAME, PARTITION_METHOD, PARTITION_EXPRESSION,
  SUBPARTITION_METHOD, SUBPARTITION_EXPRESSION, PARTITION_ORDINAL_POSITION
FROM information_schema.PARTITIONS
WHERE PARTITION_NAME IS NOT NULL AND (SUBPARTITION_ORDINAL_POSITION IS NULL OR SUBPARTITION_ORDINAL_POSITION = 1)
  AND ${where.sql}
ORDER BY TABLE_SCHEMA, TABLE_NAME, PARTITION_ORDINAL_POSITION`,
    params: where.params,
  };
}

/** Foreign keys from InnoDB's own dictionary (MariaDB, PROCESS privilege): see catalog-rows-innodb.ts. */
export const innodbForeignKeysQuery: BoundSql = {
  sql: 'SELECT ID, FOR_NAME, REF_NAME, TYPE FROM information_schema.INNODB_SYS_FOREIGN',
  params: [],
};
/**
 * InnoDB's indexes that may not be plain B-trees (MariaDB, PROCESS): FULLTEXT (TYPE bit 32), SPATIAL (64) and indexes
 * on virtual columns (128), among them MariaDB's hash-based long UNIQUE keys; then the `db/table` names of their
 * tables (KIND 'table'), matched by TABLE_ID in innodbIndexTypes. Not a join: MariaDB refills INNODB_SYS_TABLES for
 * every index row, 40-60 ms at 5,000 tables against ~15 ms for the two parts.
 */
export const innodbSpecialIndexesQuery: BoundSql = {
  sql: `SELECT 'index' AS KIND, TABLE_ID, NAME, INDEX_ID, TYPE
FROM information_schema.INNODB_SYS_INDEXES WHERE TYPE & 224 <> 0
UNION ALL
SELECT 'table', TABLE_ID, NAME, NULL, NULL FROM information_schema.INNODB_SYS_TABLES
WHERE TABLE_ID IN (SELECT TABLE_ID FROM information_schema.INNODB_SYS_INDEXES WHERE TYPE & 224 <> 0)`,
  params: [],
};
/** The long UNIQUE keys: indexes on MariaDB's hidden DB_ROW_HASH_n column (read apart: joined, it is refilled). */
export const innodbLongUniqueIndexesQuery: BoundSql = {
  sql: `SELECT INDEX_ID FROM information_schema.INNODB_SYS_FIELDS WHERE POS = 0 AND NAME LIKE 'DB\\_ROW\\_HASH\\_%'`,
  params: [],
};
export const innodbForeignKeyColumnsQuery: BoundSql = {
  sql: 'SELECT ID, FOR_COL_NAME, REF_COL_NAME, POS FROM information_schema.INNODB_SYS_FOREIGN_COLS',
  params: [],
};
