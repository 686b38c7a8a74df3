import type { DatabricksSession } from './connection.js';

/**
 * Unity Catalog information_schema queries: one per entity kind whatever the number of tables. With no catalog in
 * the credentials, `system.information_schema` covers every catalog the caller may see; with one, that catalog's
 * own information_schema (which also answers without access to the `system` catalog).
 */
const informationSchemaColumns = {
  catalogs: ['catalog_name', 'comment'],
  schemata: ['catalog_name', 'schema_name', 'schema_owner', 'comment'],
  tables: ['table_catalog', 'table_schema', 'table_name', 'table_type', 'comment'],
  views: ['table_catalog', 'table_schema', 'table_name', 'view_definition'],
  columns: [
    'table_catalog',
    'table_schema',
    'table_name',
    'column_name',
    'ordinal_position',
    'column_default',
    'is_nullable',
    'full_data_type',
    'data_type',
    'is_identity',
    'is_generated',
    'partition_ordinal_position',
    'comment',
  ],
  table_constraints: [
    'constraint_catalog',
    'constraint_schema',
    'constraint_name',
    'table_catalog',
    'table_schema',
    'table_name',
    'constraint_type',
  ],
  key_column_usage: [
    'constraint_catalog',
    'constraint_schema',
    'constraint_name',
    'table_catalog',
    'table_schema',
    'table_name',
    'column_name',
    'ordinal_position',
  ],
  referential_constraints: [
    'constraint_catalog',
    'constraint_schema',
    'constraint_name',
    'unique_constraint_catalog',
    'unique_constraint_schema',
    'unique_constraint_name',
    'update_rule',
    'delete_rule',
  ],
} as const;

export type InformationSchemaView = keyof typeof informationSchemaColumns;

const quoteIdentifier = (name: string) => `\`${name.replace(/`/g, '``')}\``;

export function informationSchemaQuery(view: InformationSchemaView, catalog: string | undefined): string {
  const source = `${catalog ? quoteIdentifier(catalog) : 'system'}.information_schema.${view}`;
  return `SELECT ${informationSchemaColumns[view].join(', ')} FROM ${source}`;
}

/** Cheap statement for testConnection: the Spark/DBSQL version string. */
export const versionQuery = 'SELECT version() AS version';

/** A table the Thrift key lookups name. */
export interface MetadataTable {
  database: string;
  schema: string;
  table: string;
}

const scope = (catalog: string | undefined) => (catalog ? { catalogName: catalog } : {});

/**
 * The Thrift metadata operations, the fallback where information_schema does not answer (hive_metastore, no Unity
 * Catalog): GetCatalogs, GetSchemas, GetTables and GetColumns once each (JDBC-shaped rows), and per table
 * GetPrimaryKeys and GetCrossReference.
 */
export const metadataCalls = {
  catalogs: (session: DatabricksSession) => session.getCatalogs(),
  schemas: (session: DatabricksSession, catalog: string | undefined) => session.getSchemas(scope(catalog)),
  tables: (session: DatabricksSession, catalog: string | undefined) => session.getTables(scope(catalog)),
  columns: (session: DatabricksSession, catalog: string | undefined) => session.getColumns(scope(catalog)),
  primaryKeys: (session: DatabricksSession, t: MetadataTable) =>
    session.getPrimaryKeys({ catalogName: t.database, schemaName: t.schema, tableName: t.table }),
  // The foreign keys of one table: only its side is named (the driver's type wants the parent side too).
  crossReference: (session: DatabricksSession, t: MetadataTable) =>
    session.getCrossReference({
      foreignCatalogName: t.database,
      foreignSchemaName: t.schema,
      foreignTableName: t.table,
    } as Parameters<DatabricksSession['getCrossReference']>[0]),
};

/** What each metadata call is called in warnings and errors. */
export const metadataCallNames = {
  catalogs: 'GetCatalogs',
  schemas: 'GetSchemas',
  tables: 'GetTables',
  columns: 'GetColumns',
  primaryKeys: 'GetPrimaryKeys',
  crossReference: 'GetCrossReference',
} as const;
