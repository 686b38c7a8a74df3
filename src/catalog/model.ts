import { z } from 'zod';

/** Engine-independent family of a column's native type. */
export const TypeFamily = z.enum([
  'text',
  'integer',
  'decimal',
  'float',
  'boolean',
  'date',
  'time',
  'timestamp',
  'interval',
  'json',
  'binary',
  'uuid',
  'array',
  'struct',
  'geography',
  'other',
]);
export type TypeFamily = z.infer<typeof TypeFamily>;

export const TableKind = z.enum([
  'table',
  'view',
  'materialized_view',
  'external',
  'foreign',
  'temporary',
  'partitioned',
]);
export type TableKind = z.infer<typeof TableKind>;

export const ColumnStats = z.object({
  nullFraction: z.number().min(0).max(1).optional(),
  /** Estimated number of distinct values. */
  distinctCount: z.number().nonnegative().optional(),
  min: z.string().optional(),
  max: z.string().optional(),
  sampleValues: z.array(z.string()).optional(),
  /** Where the figures came from: the engine's statistics or a bounded sample of rows. */
  source: z.enum(['statistics', 'sample']),
});
export type ColumnStats = z.infer<typeof ColumnStats>;

/**
 * Distinct values of a low-cardinality text column (Metabase's "field values"): what users type in questions
 * ("orders from Acme", "flights operated by KLM") but no table or column name says. Capped in count and length.
 */
export const FieldValues = z.object({
  values: z.array(z.string()),
  /** Whether `values` holds every distinct value (false: the engine's most common values, or a capped read). */
  complete: z.boolean(),
  /** The engine's statistics (pg_stats most_common_vals) or one bounded DISTINCT query. */
  source: z.enum(['statistics', 'query']),
});
export type FieldValues = z.infer<typeof FieldValues>;

export const Column = z.object({
  name: z.string(),
  /** 1-based position in the table. */
  ordinal: z.number().int().positive(),
  nativeType: z.string(),
  type: TypeFamily,
  nullable: z.boolean(),
  default: z.string().optional(),
  comment: z.string().optional(),
  isIdentity: z.boolean().optional(),
  isGenerated: z.boolean().optional(),
  /** Nested fields of a struct column (BigQuery RECORD, Databricks STRUCT). */
  fields: z.array(z.lazy((): z.ZodType<unknown> => Column)).optional(),
  stats: ColumnStats.optional(),
  fieldValues: FieldValues.optional(),
});
export type Column = z.infer<typeof Column>;

export const PrimaryKey = z.object({ name: z.string().optional(), columns: z.array(z.string()).min(1) });
export type PrimaryKey = z.infer<typeof PrimaryKey>;

export const ForeignKey = z.object({
  name: z.string().optional(),
  columns: z.array(z.string()).min(1),
  referencedDatabase: z.string().optional(),
  referencedSchema: z.string(),
  referencedTable: z.string(),
  referencedColumns: z.array(z.string()).min(1),
  onUpdate: z.string().optional(),
  onDelete: z.string().optional(),
});
export type ForeignKey = z.infer<typeof ForeignKey>;

export const UniqueConstraint = z.object({ name: z.string().optional(), columns: z.array(z.string()).min(1) });
export type UniqueConstraint = z.infer<typeof UniqueConstraint>;

export const CheckConstraint = z.object({
  name: z.string().optional(),
  /** The constraint as the engine prints it, e.g. `CHECK ((amount >= (0)::numeric))`. */
  expression: z.string(),
  /** Columns the expression refers to, where the engine reports them. */
  columns: z.array(z.string()).optional(),
});
export type CheckConstraint = z.infer<typeof CheckConstraint>;

export const Index = z.object({
  name: z.string(),
  columns: z.array(z.string()),
  unique: z.boolean(),
  primary: z.boolean().optional(),
  method: z.string().optional(),
  /** Index expression or predicate where the engine reports one. */
  definition: z.string().optional(),
});
export type Index = z.infer<typeof Index>;

export const Partitioning = z.object({
  /** e.g. range, list, hash, time, ingestion-time. */
  strategy: z.string(),
  columns: z.array(z.string()),
  /** Names of child partitions where the engine lists them. */
  partitions: z.array(z.string()).optional(),
  /** Each child partition's bound as the engine prints it, e.g. `FOR VALUES FROM ('2026-01-01') TO ('2026-02-01')`. */
  partitionBounds: z.array(z.object({ name: z.string(), bound: z.string() })).optional(),
  clusteringColumns: z.array(z.string()).optional(),
});
export type Partitioning = z.infer<typeof Partitioning>;

export const Table = z.object({
  name: z.string(),
  kind: TableKind,
  comment: z.string().optional(),
  rowCountEstimate: z.number().nonnegative().optional(),
  sizeBytes: z.number().nonnegative().optional(),
  /** SQL text of a view or materialized view. */
  viewDefinition: z.string().optional(),
  columns: z.array(Column),
  primaryKey: PrimaryKey.optional(),
  foreignKeys: z.array(ForeignKey).default([]),
  uniqueConstraints: z.array(UniqueConstraint).default([]),
  indexes: z.array(Index).default([]),
  /** CHECK constraints, where the engine reports them (absent when there are none). */
  checkConstraints: z.array(CheckConstraint).optional(),
  partitioning: Partitioning.optional(),
});
export type Table = z.infer<typeof Table>;

/** A user-defined enumerated type and its labels in sort order. */
export const EnumType = z.object({
  name: z.string(),
  labels: z.array(z.string()),
  comment: z.string().optional(),
});
export type EnumType = z.infer<typeof EnumType>;

/** A sequence (identity and serial columns have one each). Bounds are decimal text: they exceed 2^53. */
export const Sequence = z.object({
  name: z.string(),
  dataType: z.string().optional(),
  start: z.string().optional(),
  increment: z.string().optional(),
  minValue: z.string().optional(),
  maxValue: z.string().optional(),
  cycle: z.boolean().optional(),
  /** The column the sequence belongs to (serial, identity or OWNED BY). */
  ownedBy: z.object({ table: z.string(), column: z.string(), identity: z.boolean().optional() }).optional(),
});
export type Sequence = z.infer<typeof Sequence>;

export const Schema = z.object({
  name: z.string(),
  comment: z.string().optional(),
  owner: z.string().optional(),
  tables: z.array(Table),
  /** Enumerated types defined in the schema, where the engine has them (absent when there are none). */
  enums: z.array(EnumType).optional(),
  /** Sequences of the schema, where the engine has them (absent when there are none). */
  sequences: z.array(Sequence).optional(),
});
export type Schema = z.infer<typeof Schema>;

export const Database = z.object({
  name: z.string(),
  comment: z.string().optional(),
  schemas: z.array(Schema),
});
export type Database = z.infer<typeof Database>;

export const CatalogWarning = z.object({
  /** Stable code, e.g. PERMISSION_DENIED, QUERY_FAILED, NOT_SUPPORTED. */
  code: z.string(),
  message: z.string(),
  /** What could not be read: "db.schema", "db.schema.table", or an entity kind such as "indexes". */
  scope: z.string().optional(),
});
export type CatalogWarning = z.infer<typeof CatalogWarning>;

export const DatabaseEngine = z.enum([
  'postgres',
  'mysql',
  'redshift',
  'snowflake',
  'bigquery',
  'sqlserver',
  'databricks',
  'duckdb',
]);
export type DatabaseEngine = z.infer<typeof DatabaseEngine>;

export const Catalog = z.object({
  /** Version of this model; bumped on breaking changes. */
  formatVersion: z.literal(1),
  engine: DatabaseEngine,
  serverVersion: z.string().optional(),
  introspectedAt: z.string(),
  databases: z.array(Database),
  warnings: z.array(CatalogWarning).default([]),
});
export type Catalog = z.infer<typeof Catalog>;

/** JSON Schema (draft 2020-12) of the catalog, for consumers in other languages. */
export function catalogJsonSchema(): Record<string, unknown> {
  return z.toJSONSchema(Catalog, { io: 'output', unrepresentable: 'any' }) as Record<string, unknown>;
}

/** Counts of a catalog's entities. */
export function catalogCounts(catalog: Catalog): {
  databases: number;
  schemas: number;
  tables: number;
  columns: number;
} {
  let schemas = 0;
  let tables = 0;
  let columns = 0;
  for (const database of catalog.databases) {
    schemas += database.schemas.length;
    for (const schema of database.schemas) {
      tables += schema.tables.length;
      for (const table of schema.tables) columns += table.columns.length;
    }
  }
  return { databases: catalog.databases.length, schemas, tables, columns };
}
