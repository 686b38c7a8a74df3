import type { TableKind } from '../../catalog/model.js';

/** Catalog facts as read by either path (information_schema or Thrift metadata operations), before assembly. */
export interface RawCatalog {
  databases: Array<{ name: string; comment?: string }>;
  schemas: Array<{ catalog: string; name: string; comment?: string; owner?: string }>;
  tables: RawTable[];
  columns: RawColumn[];
  primaryKeys: RawPrimaryKey[];
  foreignKeys: RawForeignKey[];
}

export interface RawTable {
  catalog: string;
  schema: string;
  name: string;
  kind: TableKind;
  comment?: string;
  viewDefinition?: string;
}

export interface RawColumn {
  catalog: string;
  schema: string;
  table: string;
  name: string;
  /** Position as the server reports it (0- or 1-based): only the order matters. */
  position: number;
  nativeType: string;
  nullable: boolean;
  default?: string;
  comment?: string;
  isIdentity?: boolean;
  isGenerated?: boolean;
  partitionIndex?: number;
}

export interface RawPrimaryKey {
  catalog: string;
  schema: string;
  table: string;
  name?: string;
  columns: string[];
}

export interface RawForeignKey extends RawPrimaryKey {
  referencedCatalog: string;
  referencedSchema: string;
  referencedTable: string;
  referencedColumns: string[];
  onUpdate?: string;
  onDelete?: string;
}

export const emptyRawCatalog = (): RawCatalog => ({
  databases: [],
  schemas: [],
  tables: [],
  columns: [],
  primaryKeys: [],
  foreignKeys: [],
});

/** Row value as a string, or undefined for null/empty. */
export const text = (value: unknown): string | undefined =>
  value === null || value === undefined || value === '' ? undefined : String(value);

/** Key of a table across catalogs, case-insensitive as Databricks names are. */
export const tableKey = (catalog: string, schema: string, table: string): string =>
  `${catalog}\u0000${schema}\u0000${table}`.toLowerCase();

/**
 * Databricks table types (information_schema TABLE_TYPE or JDBC TABLE_TYPE) as catalog kinds. A partitioned Delta
 * table stays a `table`: its partitions are per value, not declared range/list children (see `partitioning`).
 */
export function tableKind(type: string | undefined): TableKind {
  switch ((type ?? '').toUpperCase()) {
    case 'VIEW':
    case 'METRIC_VIEW':
      return 'view';
    case 'MATERIALIZED_VIEW':
      return 'materialized_view';
    case 'EXTERNAL':
    case 'EXTERNAL_SHALLOW_CLONE':
      return 'external';
    case 'FOREIGN':
      return 'foreign';
    default:
      return 'table';
  }
}
