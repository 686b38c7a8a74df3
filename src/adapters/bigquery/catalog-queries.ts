/**
 * Catalog SQL: one statement per entity kind whatever the number of tables. Region-qualified views
 * (`project`.`region-us`.INFORMATION_SCHEMA.X) cover every dataset of the location at once; the constraint views
 * exist only per dataset, so they are read as one UNION ALL over the datasets.
 */

/** Backtick-quoted identifier (project ids may hold `-`, `.` and `:`). */
const quoteName = (name: string): string => `\`${name.replace(/[`\\]/g, '\\$&')}\``;

export const regionQualifier = (projectId: string, location: string): string =>
  `${quoteName(projectId)}.${quoteName(`region-${location.toLowerCase()}`)}`;

export const datasetQualifier = (projectId: string, dataset: string): string =>
  `${quoteName(projectId)}.${quoteName(dataset)}`;

/** The views we read and the columns we select from each. */
const catalogViews = {
  SCHEMATA: ['schema_name', 'location'],
  SCHEMATA_OPTIONS: ['schema_name', 'option_name', 'option_value'],
  TABLES: ['table_schema', 'table_name', 'table_type', "IF(table_type = 'MATERIALIZED VIEW', ddl, NULL) AS ddl"],
  TABLE_OPTIONS: ['table_schema', 'table_name', 'option_name', 'option_value'],
  TABLE_STORAGE: ['table_schema', 'table_name', 'total_rows', 'total_logical_bytes'],
  VIEWS: ['table_schema', 'table_name', 'view_definition'],
  COLUMNS: [
    'table_schema',
    'table_name',
    'column_name',
    'ordinal_position',
    'is_nullable',
    'data_type',
    'is_hidden',
    'is_generated',
    'is_partitioning_column',
    'clustering_ordinal_position',
    'column_default',
  ],
  COLUMN_FIELD_PATHS: ['table_schema', 'table_name', 'column_name', 'field_path', 'data_type', 'description'],
  TABLE_CONSTRAINTS: ['constraint_schema', 'constraint_name', 'table_schema', 'table_name', 'constraint_type'],
  KEY_COLUMN_USAGE: [
    'constraint_schema',
    'constraint_name',
    'table_schema',
    'table_name',
    'column_name',
    'ordinal_position',
    'position_in_unique_constraint',
  ],
  CONSTRAINT_COLUMN_USAGE: ['constraint_schema', 'constraint_name', 'table_schema', 'table_name', 'column_name'],
} as const;

export type CatalogView = keyof typeof catalogViews;

/** Filters pushed into the views that have the column (the client filters again with the globs). */
const viewFilters: Partial<Record<CatalogView, string>> = {
  SCHEMATA_OPTIONS: "option_name = 'description'",
  TABLE_OPTIONS: "option_name IN ('description', 'partition_expiration_days')",
  TABLE_STORAGE: 'deleted = FALSE',
};

/**
 * `SELECT cols FROM q.INFORMATION_SCHEMA.VIEW [WHERE ...]`, UNION ALL over several qualifiers. With `datasets`, rows
 * are limited to those datasets through the `@datasets` parameter.
 */
export function viewQuery(view: CatalogView, qualifiers: string[], options: { datasets?: boolean } = {}): string {
  const schemaColumn = view === 'SCHEMATA' || view === 'SCHEMATA_OPTIONS' ? 'schema_name' : 'table_schema';
  const conditions = [viewFilters[view], options.datasets ? `${schemaColumn} IN UNNEST(@datasets)` : undefined].filter(
    Boolean,
  );
  const where = conditions.length > 0 ? ` WHERE ${conditions.join(' AND ')}` : '';
  return qualifiers
    .map((qualifier) => `SELECT ${catalogViews[view].join(', ')} FROM ${qualifier}.INFORMATION_SCHEMA.${view}${where}`)
    .join('\nUNION ALL\n');
}
