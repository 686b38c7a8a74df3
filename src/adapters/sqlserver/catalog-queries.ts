/**
 * Catalog queries over sys.* of the connected database: one per entity kind, whatever the number of tables. The
 * first line names each query for logs and statement counts (a comment: SQL Server ignores it; the test fake parses
 * the statement and answers from the sys.* views it names).
 * Only sys.* views every user can read are used (sys.partitions and sys.allocation_units rather than
 * sys.dm_db_partition_stats, which needs VIEW DATABASE STATE). Metadata visibility hides what the user cannot see.
 */

export const serverInfoSql = `-- datatasks:server
SELECT CAST(@@VERSION AS nvarchar(4000)) AS version,
  CAST(SERVERPROPERTY('ProductVersion') AS nvarchar(128)) AS product_version,
  DB_NAME() AS database_name`;

const description = (alias: string, klass: number, major: string, minor: string) =>
  `LEFT JOIN sys.extended_properties ${alias} ON ${alias}.class = ${klass} AND ${alias}.major_id = ${major}
  AND ${alias}.minor_id = ${minor} AND ${alias}.name = 'MS_Description'`;

const userObjects = `o.type IN ('U', 'V') AND o.is_ms_shipped = 0`;

export const catalogQueries = {
  schemas: `-- datatasks:schemas
SELECT s.schema_id, s.name AS schema_name, p.name AS owner_name,
  CAST(ep.value AS nvarchar(4000)) AS comment,
  CAST(ISNULL(HAS_PERMS_BY_NAME(QUOTENAME(s.name), 'SCHEMA', 'SELECT'), 0) AS bit) AS can_select
FROM sys.schemas s
LEFT JOIN sys.database_principals p ON p.principal_id = s.principal_id
${description('ep', 3, 's.schema_id', '0')}
ORDER BY s.name`,

  tables: `-- datatasks:tables
SELECT o.object_id, s.name AS schema_name, o.name AS table_name,
  CAST(CASE
    WHEN o.type = 'V' AND EXISTS (SELECT 1 FROM sys.indexes vi WHERE vi.object_id = o.object_id AND vi.index_id = 1)
      THEN 'materialized_view'
    WHEN o.type = 'V' THEN 'view'
    WHEN t.is_external = 1 THEN 'external'
    WHEN EXISTS (SELECT 1 FROM sys.indexes pi JOIN sys.partition_schemes ps ON ps.data_space_id = pi.data_space_id
      WHERE pi.object_id = o.object_id AND pi.index_id IN (0, 1)) THEN 'partitioned'
    ELSE 'table' END AS nvarchar(32)) AS kind,
  CAST(ep.value AS nvarchar(4000)) AS comment,
  m.definition AS view_definition,
  st.row_count, st.size_bytes
FROM sys.objects o
JOIN sys.schemas s ON s.schema_id = o.schema_id
LEFT JOIN sys.tables t ON t.object_id = o.object_id
LEFT JOIN sys.sql_modules m ON m.object_id = o.object_id AND o.type = 'V'
${description('ep', 1, 'o.object_id', '0')}
LEFT JOIN (
  SELECT p.object_id,
    SUM(CASE WHEN p.index_id IN (0, 1) THEN CAST(p.rows AS bigint) ELSE 0 END) AS row_count,
    CAST(SUM(CAST(a.total_pages AS bigint)) * 8192 AS bigint) AS size_bytes
  FROM sys.partitions p
  JOIN sys.allocation_units a ON a.container_id = p.partition_id
  GROUP BY p.object_id
) st ON st.object_id = o.object_id
WHERE ${userObjects}
ORDER BY s.name, o.name`,

  columns: `-- datatasks:columns
SELECT c.object_id, c.column_id, c.name AS column_name, t.name AS type_name, bt.name AS base_type_name,
  CAST(c.max_length AS int) AS max_length, CAST(c.precision AS int) AS precision, CAST(c.scale AS int) AS scale,
  c.is_nullable, c.is_identity, c.is_computed,
  CAST(dc.definition AS nvarchar(4000)) AS default_definition,
  CAST(ep.value AS nvarchar(4000)) AS comment
FROM sys.columns c
JOIN sys.objects o ON o.object_id = c.object_id
JOIN sys.types t ON t.user_type_id = c.user_type_id
LEFT JOIN sys.types bt ON bt.user_type_id = t.system_type_id
LEFT JOIN sys.default_constraints dc ON dc.object_id = c.default_object_id
${description('ep', 1, 'c.object_id', 'c.column_id')}
WHERE ${userObjects}
ORDER BY c.object_id, c.column_id`,

  keys: `-- datatasks:keys
SELECT kc.parent_object_id AS object_id, kc.name AS constraint_name,
  CAST(kc.type AS nvarchar(2)) AS constraint_type, CAST(ic.key_ordinal AS int) AS key_ordinal,
  col.name AS column_name
FROM sys.key_constraints kc
JOIN sys.index_columns ic ON ic.object_id = kc.parent_object_id AND ic.index_id = kc.unique_index_id
JOIN sys.columns col ON col.object_id = ic.object_id AND col.column_id = ic.column_id
ORDER BY kc.parent_object_id, kc.name, ic.key_ordinal`,

  foreign_keys: `-- datatasks:foreign_keys
SELECT fk.parent_object_id AS object_id, fk.name AS constraint_name, fkc.constraint_column_id,
  pc.name AS column_name, rs.name AS referenced_schema, rt.name AS referenced_table, rc.name AS referenced_column,
  CAST(fk.update_referential_action_desc AS nvarchar(60)) AS on_update,
  CAST(fk.delete_referential_action_desc AS nvarchar(60)) AS on_delete
FROM sys.foreign_keys fk
JOIN sys.foreign_key_columns fkc ON fkc.constraint_object_id = fk.object_id
JOIN sys.columns pc ON pc.object_id = fkc.parent_object_id AND pc.column_id = fkc.parent_column_id
JOIN sys.objects rt ON rt.object_id = fk.referenced_object_id
JOIN sys.schemas rs ON rs.schema_id = rt.schema_id
JOIN sys.columns rc ON rc.object_id = fkc.referenced_object_id AND rc.column_id = fkc.referenced_column_id
ORDER BY fk.parent_object_id, fk.name, fkc.constraint_column_id`,

  indexes: `-- datatasks:indexes
SELECT i.object_id, i.name AS index_name, i.is_unique, i.is_primary_key, i.is_unique_constraint,
  CAST(i.type_desc AS nvarchar(60)) AS index_type, CAST(i.filter_definition AS nvarchar(4000)) AS filter_definition,
  CAST(ic.key_ordinal AS int) AS key_ordinal, col.name AS column_name
FROM sys.indexes i
JOIN sys.objects o ON o.object_id = i.object_id
JOIN sys.index_columns ic ON ic.object_id = i.object_id AND ic.index_id = i.index_id AND ic.is_included_column = 0
JOIN sys.columns col ON col.object_id = ic.object_id AND col.column_id = ic.column_id
WHERE ${userObjects} AND i.index_id > 0 AND i.is_hypothetical = 0
ORDER BY i.object_id, i.name, ic.key_ordinal, ic.index_column_id`,

  partitions: `-- datatasks:partitions
SELECT i.object_id, ps.name AS scheme_name, pf.name AS function_name, pf.boundary_value_on_right AS boundary_on_right,
  col.name AS column_name, p.partition_number, CAST(p.rows AS bigint) AS row_count
FROM sys.indexes i
JOIN sys.partition_schemes ps ON ps.data_space_id = i.data_space_id
JOIN sys.partition_functions pf ON pf.function_id = ps.function_id
JOIN sys.index_columns ic ON ic.object_id = i.object_id AND ic.index_id = i.index_id AND ic.partition_ordinal > 0
JOIN sys.columns col ON col.object_id = ic.object_id AND col.column_id = ic.column_id
JOIN sys.partitions p ON p.object_id = i.object_id AND p.index_id = i.index_id
WHERE i.index_id IN (0, 1)
ORDER BY i.object_id, p.partition_number`,
} as const;

export type CatalogKind = keyof typeof catalogQueries;

/** Without these the catalog means nothing: their failure fails the introspection. */
export const essentialKinds: ReadonlySet<CatalogKind> = new Set(['schemas', 'tables', 'columns']);
