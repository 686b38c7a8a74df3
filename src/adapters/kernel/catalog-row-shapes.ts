/** The flat row shapes catalog reads are mapped to (one array per entity kind), which `assembleCatalog` assembles. */
import type {
  CatalogWarning,
  Column,
  ColumnStats,
  DatabaseEngine,
  EnumType,
  Index,
  Partitioning,
  Sequence,
  TableKind,
  TypeFamily,
} from '../../catalog/model.js';
import type { NamePattern } from '../adapter.js';
import type { KeyGroup } from './key-groups.js';

export interface RelationKey {
  database: string;
  schema: string;
  table: string;
}

export interface SchemaRow {
  database: string;
  schema: string;
  comment?: string | null;
  owner?: string | null;
  enums?: EnumType[] | null;
  /** Sequences owned by a table the filters leave out are left out too. */
  sequences?: Sequence[] | null;
}

export interface RelationRow extends RelationKey {
  kind: TableKind;
  comment?: string | null;
  rowCountEstimate?: number | null;
  sizeBytes?: number | null;
  viewDefinition?: string | null;
}

export interface ColumnRow extends RelationKey {
  name: string;
  /** Position used for ordering; the row order is used when absent. */
  ordinal?: number | null;
  /**
   * The column's position in the table, kept as its ordinal instead of renumbering 1..n: for an engine that lists
   * only the columns the session may read (MySQL), so a gap is a real position, not a dropped column.
   */
  position?: number | null;
  nativeType: string;
  /** Family; derived from `nativeType` (or `familyType`) when absent. */
  type?: TypeFamily;
  /** Type name to derive the family from when it differs from nativeType (e.g. a domain's base type). */
  familyType?: string | null;
  nullable: boolean;
  default?: string | null;
  comment?: string | null;
  isIdentity?: boolean | null;
  isGenerated?: boolean | null;
  /** Nested fields of a struct column (BigQuery RECORD, Databricks STRUCT), already in model shape. */
  fields?: Column[] | null;
}

/**
 * A relation's columns already in model shape and table order (ordinals 1..n), for an engine that reads them one
 * relation at a time: the kernel attaches statistics and uses them as they are (no second object per column).
 */
export interface ColumnGroup extends RelationKey {
  columns: Column[];
}

export interface ConstraintRow extends RelationKey {
  name?: string | null;
  kind: 'primary' | 'foreign' | 'unique' | 'check';
  columns: string[];
  /** A CHECK constraint's expression. */
  expression?: string | null;
  referencedDatabase?: string | null;
  referencedSchema?: string | null;
  referencedTable?: string | null;
  referencedColumns?: string[] | null;
  onUpdate?: string | null;
  onDelete?: string | null;
}

export interface IndexRow extends RelationKey, Omit<Index, 'method' | 'definition' | 'primary'> {
  primary?: boolean | null;
  method?: string | null;
  definition?: string | null;
}

export interface PartitionRow extends RelationKey, Partitioning {}

export interface ColumnStatsRow extends RelationKey {
  column: string;
  stats: ColumnStats;
}

export interface CatalogRows {
  /** Databases to list, with comments; derived from the schema rows when absent. */
  databases?: Array<{ name: string; comment?: string | null }>;
  schemas: SchemaRow[];
  relations: RelationRow[];
  /** Flat column rows; a relation in `columnGroups` takes its columns from there instead. */
  columns: ColumnRow[];
  columnGroups?: ColumnGroup[];
  constraints?: ConstraintRow[];
  indexes?: IndexRow[];
  /** Keys and indexes already grouped in model shape (see key-groups.ts); a relation may have rows too. */
  keyGroups?: KeyGroup[];
  partitions?: PartitionRow[];
  stats?: ColumnStatsRow[];
}

export interface AssembleOptions {
  engine: DatabaseEngine;
  serverVersion?: string;
  warnings?: CatalogWarning[];
  filters?: { databases?: NamePattern; schemas?: NamePattern; tables?: NamePattern };
  /** @default new Date() */
  now?: Date;
}
